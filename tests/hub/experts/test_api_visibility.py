"""Nobody but the drawing service sees who was drawn before the evaluation starts (API, per role)."""

from __future__ import annotations

import datetime as dt

import pytest

from ggzy.hub.experts.models import Draw, Invitation
from tests.helpers import client_for

from .conftest import T0, id_number, uscc
from .helpers import finished_draw, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def draw(request_draw, clock, seal, make_expert):
    return finished_draw(request_draw, clock, seal, make_expert)


def drawn_codes(draw) -> set[str]:
    return set(Invitation.objects.filter(line__draw=draw).values_list("expert__expert_code", flat=True))


def leaked(body: str, draw) -> list[str]:
    return [c for c in drawn_codes(draw) if c in body]


def test_public_document_before_publication_has_only_commitment_and_counts(draw):
    body = client_for(None).get(f"/api/v1/draws/{draw.draw_id}")
    assert body.status_code == 200
    data = body.json()
    assert set(data) == {"drawId", "sectionId", "commitment", "committedAt", "beaconSealedAt", "lines"}
    assert data["lines"][0] == {"label": "A080101 道路工程 ×3", "count": 3}
    assert not leaked(body.content.decode(), draw)


@pytest.mark.parametrize(
    "who",
    ["agency_user", "buyer_user", "operator", "regulator_user", "other_agency_user", "bidder_user", None],
)
def test_no_role_sees_names_before_evaluation_starts(draw, project, who):
    user = project[who] if who else None
    c = client_for(user)
    for url in (
        f"/api/v1/draws/{draw.draw_id}",
        f"/api/v1/draws/{draw.draw_id}/progress",
        "/api/v1/draws/mine",
        "/api/v1/draws?published=true",
    ):
        resp = c.get(url)
        assert resp.status_code in (200, 401, 403, 404), (url, resp.status_code)
        assert not leaked(resp.content.decode(), draw), (who, url)


def test_agency_and_buyer_see_counts_only(draw, project):
    for who in ("agency_user", "buyer_user"):
        data = client_for(project[who]).get(f"/api/v1/draws/{draw.draw_id}/progress").json()
        assert [line["accepted"] for line in data["lines"]] == [3, 1]
        assert "members" not in data and data["evaluationStarted"] is False


def test_unrelated_agency_and_regulator_before_the_fact_get_404(draw, project):
    assert (
        client_for(project["other_agency_user"]).get(f"/api/v1/draws/{draw.draw_id}/progress").status_code
        == 404
    )
    assert (
        client_for(project["regulator_user"]).get(f"/api/v1/draws/{draw.draw_id}/progress").status_code == 404
    )
    assert client_for(project["bidder_user"]).get(f"/api/v1/draws/{draw.draw_id}/progress").status_code == 403


def test_expert_sees_only_own_invitation(draw):
    invs = list(Invitation.objects.filter(line__draw=draw).select_related("expert__user"))
    mine = invs[0]
    other = next(i for i in invs if i.expert_id != mine.expert_id)
    resp = client_for(mine.expert.user).get("/api/v1/experts/invitations")
    assert {x["id"] for x in resp.json()["items"]} == {i.pk for i in invs if i.expert_id == mine.expert_id}
    assert other.expert.expert_code not in resp.content.decode()
    # Answering someone else's invitation: 404 and nothing changes.
    before = other.outcome
    resp = client_for(mine.expert.user).post(
        f"/api/v1/experts/invitations/{other.pk}/answer", {"accept": False}, content_type="application/json"
    )
    assert resp.status_code == 404
    other.refresh_from_db()
    assert other.outcome == before


def test_names_visible_to_parties_once_evaluation_starts_and_public_after_publication(draw, project, clock):
    clock.move_to(draw.evaluation_at, tick=False)
    data = client_for(project["agency_user"]).get(f"/api/v1/draws/{draw.draw_id}/progress").json()
    assert len(data["members"]) == 4
    assert (
        client_for(project["regulator_user"]).get(f"/api/v1/draws/{draw.draw_id}/progress").status_code == 200
    )
    assert "secret" not in client_for(None).get(f"/api/v1/draws/{draw.draw_id}").json()
    publish(draw, clock)
    doc = client_for(None).get(f"/api/v1/draws/{draw.draw_id}").json()
    assert doc["secret"] == draw.secret_hex and len(doc["lines"][0]["invited"]) >= 3
    listing = client_for(None).get("/api/v1/draws?published=true").json()
    assert [x["drawId"] for x in listing["items"]] == [draw.draw_id] and listing["next"] is None


def test_publish_refused_for_non_operator(draw, project, clock):
    clock.move_to(draw.evaluation_at + dt.timedelta(hours=1), tick=False)
    resp = client_for(project["agency_user"]).post(f"/api/v1/draws/{draw.draw_id}/publish")
    assert resp.status_code == 403
    assert Draw.objects.get(pk=draw.pk).published_at is None
    resp = client_for(project["operator"]).post(f"/api/v1/draws/{draw.draw_id}/publish")
    assert resp.status_code == 200 and resp.json()["secret"] == draw.secret_hex


def test_draw_request_via_api(clock, project, make_expert):
    body = {
        "sectionId": "SH-API-01",
        "buyerUscc": project["buyer"].uscc,
        "agencyUscc": project["agency"].uscc,
        "bidderUsccs": [b.uscc for b in project["bidders"]],
        "regulatorUsccs": [],
        "evaluationAt": (T0 + dt.timedelta(hours=20)).isoformat(),
        "lines": [{"specialty": "A0801", "count": 5}],
    }
    resp = client_for(project["buyer_user"]).post("/api/v1/draws", body, content_type="application/json")
    assert resp.status_code == 403 and not Draw.objects.exists()
    resp = client_for(project["agency_user"]).post("/api/v1/draws", body, content_type="application/json")
    assert resp.status_code == 200, resp.content
    assert resp.json()["lines"] == [{"label": "A0801 道路工程 ×5", "count": 5}]
    body["lines"] = [{"specialty": "Z99", "count": 1}]
    body["sectionId"] = "SH-API-02"
    resp = client_for(project["agency_user"]).post("/api/v1/draws", body, content_type="application/json")
    assert resp.status_code == 422 and resp.json()["code"] == "unknown_specialty"


def test_expert_self_service_registration_and_operator_vetting_api(clock, make_user, project):
    from ggzy.parties.roles import Role

    user = make_user(Role.EXPERT)
    body = {
        "name": "张三",
        "idNumber": id_number(77),
        "region": "徐汇区",
        "specialties": ["A080101"],
        "employments": [{"employerUscc": uscc(900), "employerName": "设计院", "startedOn": "2010-01-01"}],
    }
    resp = client_for(user).post("/api/v1/experts/me", body, content_type="application/json")
    assert resp.status_code == 200, resp.content
    code = resp.json()["expertCode"]
    assert id_number(77) not in resp.content.decode()  # masked even to the owner
    bad = dict(body, idNumber="310101198001010000")
    resp = client_for(make_user(Role.EXPERT)).post("/api/v1/experts/me", bad, content_type="application/json")
    assert resp.status_code == 422 and resp.json()["code"] == "invalid_id_number"
    # Vetting: only operators.
    resp = client_for(project["agency_user"]).post(
        f"/api/v1/experts/{code}/vet", {"approve": True}, content_type="application/json"
    )
    assert resp.status_code == 403
    resp = client_for(project["operator"]).post(
        f"/api/v1/experts/{code}/vet", {"approve": False}, content_type="application/json"
    )
    assert resp.status_code == 422 and resp.json()["code"] == "reason_required"
    resp = client_for(project["operator"]).post(
        f"/api/v1/experts/{code}/vet", {"approve": True}, content_type="application/json"
    )
    assert resp.json()["status"] == "active"
    public = client_for(None).get("/api/v1/experts/specialties").json()["items"]
    assert {"code": "A0801", "name": "道路工程", "level": 3, "parent": "A08"} in public
