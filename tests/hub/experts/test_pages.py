"""HTML pages: sealed list per role, phone-friendly answers, operator vetting."""

from __future__ import annotations

import pytest

from ggzy.hub.experts.models import Expert, Invitation
from tests.helpers import client_for

from .helpers import finished_draw, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def draw(request_draw, clock, seal, make_expert):
    return finished_draw(request_draw, clock, seal, make_expert)


def codes_and_names(draw):
    rows = Invitation.objects.filter(line__draw=draw).select_related("expert")
    return {r.expert.expert_code for r in rows} | {r.expert.name for r in rows}


@pytest.mark.parametrize(
    "who,status",
    [
        ("agency_user", 200),
        ("buyer_user", 200),
        ("operator", 200),
        ("regulator_user", 404),
        ("other_agency_user", 404),
        ("bidder_user", 403),
    ],
)
def test_draw_page_hides_names_before_start(draw, project, who, status):
    resp = client_for(project[who]).get(f"/draws/{draw.draw_id}/")
    assert resp.status_code == status
    body = resp.content.decode()
    assert not [x for x in codes_and_names(draw) if x in body]


def test_public_pages_before_and_after_publication(draw, clock):
    body = client_for(None).get(f"/draws/{draw.draw_id}/public/").content.decode()
    assert draw.commitment in body and not [x for x in codes_and_names(draw) if x in body]
    assert draw.secret_hex not in body
    publish(draw, clock)
    body = client_for(None).get(f"/draws/{draw.draw_id}/public/").content.decode()
    assert draw.secret_hex in body
    assert draw.draw_id in client_for(None).get("/draws/published/").content.decode()


def test_anonymous_redirected_to_login(draw):
    for url in (f"/draws/{draw.draw_id}/", "/draws/", "/experts/invitations/", "/operator/experts/"):
        resp = client_for(None).get(url)
        assert resp.status_code == 302 and "/login/" in resp["Location"]


def test_expert_answers_on_phone_page(request_draw, clock, seal, make_expert):
    for n in range(4):
        make_expert(n)
    d = request_draw(lines=[{"specialty": "A080101", "count": 1}])
    seal(clock)
    from ggzy.hub.experts import services

    services.draws_advance()
    inv = Invitation.objects.get(line__draw=d)
    c = client_for(inv.expert.user)
    page = c.get("/experts/invitations/").content.decode()
    assert f"invitation-{inv.pk}" in page and "确认参加" in page
    others = Expert.objects.exclude(pk=inv.expert_id).first()
    assert (
        client_for(others.user)
        .post(f"/experts/invitations/{inv.pk}/answer/", {"decision": "accept"})
        .status_code
        == 404
    )
    inv.refresh_from_db()
    assert inv.outcome == "pending"
    resp = c.post(f"/experts/invitations/{inv.pk}/answer/", {"decision": "conflict", "note": ""})
    assert resp.status_code == 422 and "reason_required" in resp.content.decode()
    resp = c.post(f"/experts/invitations/{inv.pk}/answer/", {"decision": "accept"})
    assert resp.status_code == 302
    inv.refresh_from_db()
    assert inv.outcome == "accepted"


def test_operator_vetting_page(clock, make_expert, project):
    pending = make_expert(70, status="pending")
    assert client_for(project["agency_user"]).get("/operator/experts/").status_code == 403
    resp = client_for(project["agency_user"]).post(
        f"/operator/experts/{pending.expert_code}/", {"action": "approve"}
    )
    assert resp.status_code == 403
    pending.refresh_from_db()
    assert pending.status == "pending"
    page = client_for(project["operator"]).get("/operator/experts/").content.decode()
    assert pending.expert_code in page and pending.id_number not in page
    client_for(project["operator"]).post(f"/operator/experts/{pending.expert_code}/", {"action": "approve"})
    pending.refresh_from_db()
    assert pending.status == "active"


def test_expert_registers_on_profile_page(clock, make_user):
    from ggzy.parties.roles import Role

    from .conftest import id_number, uscc

    user = make_user(Role.EXPERT)
    c = client_for(user)
    assert c.get("/experts/profile/").status_code == 200
    c.post(
        "/experts/profile/",
        {
            "name": "李四",
            "id_number": id_number(88),
            "region": "闵行区",
            "specialties": ["A0801"],
            "employer_uscc": uscc(901),
            "employer_name": "院",
            "employer_since": "2012-03-01",
        },
    )
    expert = Expert.objects.get(user=user)
    assert expert.status == "pending"
    assert expert.id_number not in c.get("/experts/profile/").content.decode()


def test_agency_requests_draw_on_page(clock, project, make_expert):
    from ggzy.hub.experts.models import Draw

    c = client_for(project["agency_user"])
    resp = c.post(
        "/draws/",
        {
            "section_ref": "SH-PAGE-1",
            "buyer_uscc": project["buyer"].uscc,
            "bidder_usccs": " ".join(b.uscc for b in project["bidders"]),
            "evaluation_at": "2026-12-02T09:00",
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "0",
            "lines-0-specialty": "A080101",
            "lines-0-count": "3",
        },
    )
    assert resp.status_code == 302
    draw = Draw.objects.get(section_ref="SH-PAGE-1")
    assert draw.lines.get().count == 3
    resp = client_for(project["buyer_user"]).post(
        "/draws/",
        {
            "section_ref": "SH-PAGE-2",
            "buyer_uscc": project["bidders"][0].uscc,
            "bidder_usccs": "",
            "evaluation_at": "2026-12-02T09:00",
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "0",
            "lines-0-specialty": "A080101",
            "lines-0-count": "3",
        },
    )
    assert resp.status_code == 403 and not Draw.objects.filter(section_ref="SH-PAGE-2").exists()
