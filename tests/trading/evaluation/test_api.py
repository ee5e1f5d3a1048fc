"""Evaluation over HTTP: per-role refusals (403/404 and nothing changed), sealed identities, clear codes."""

from __future__ import annotations

import datetime as dt

import pytest

from ggzy.trading.evaluation.models import Committee, Score, Submission
from tests.helpers import client_for

from .conftest import BIDS, T0, TEMPLATE

pytestmark = pytest.mark.django_db


def post(user, url, body=None):
    return client_for(user).post(url, body or {}, content_type="application/json")


def test_form_over_api_and_identities_hidden_until_start(clock, parties, finished_draw, make_user):
    from ggzy.hub.experts.models import Invitation
    from ggzy.parties.roles import Role

    draw = finished_draw(section="SH-API-EV")
    experts = [i.expert for i in Invitation.objects.filter(line__draw=draw, outcome="accepted")]
    rep = make_user(Role.BUYER, parties["buyer"])
    body = {
        "sectionId": "SH-API-EV",
        "procurement": "goods",
        "budget": "1000000",
        "method": "comprehensive",
        "startsAt": (T0 + dt.timedelta(hours=2)).isoformat(),
        "buyerUscc": parties["buyer"].uscc,
        "agencyUscc": parties["agency"].uscc,
        "drawId": draw.draw_id,
        "buyerRepUsernames": [rep.username],
        "items": TEMPLATE,
        "bids": BIDS,
    }
    assert post(parties["buyer_user"], "/api/v1/evaluation/committees", body).status_code == 403
    assert not Committee.objects.exists()
    resp = post(parties["agency_user"], "/api/v1/evaluation/committees", body)
    assert resp.status_code == 200, resp.content
    cid = resp.json()["id"]
    assert "members" not in resp.json()
    for who in ("agency_user", "buyer_user", "operator"):
        data = client_for(parties[who]).get(f"/api/v1/evaluation/committees/{cid}").json()
        assert "members" not in data and data["memberCount"] == 5
        assert not any(e.name in str(data) for e in experts)
    for who in ("bidder_user", "other_agency_user", "regulator_user", None):
        user = parties[who] if who else None
        assert client_for(user).get(f"/api/v1/evaluation/committees/{cid}").status_code in (401, 404)
    clock.move_to(T0 + dt.timedelta(hours=2), tick=False)
    data = client_for(parties["agency_user"]).get(f"/api/v1/evaluation/committees/{cid}").json()
    assert len(data["members"]) == 5


def test_scoring_over_api_with_clear_codes(seated, parties):
    committee, members = seated()
    url = f"/api/v1/evaluation/committees/{committee.pk}"
    bids = list(committee.bids.all())
    full = {str(b.pk): {"T": "80", "C": "70"} for b in bids}
    # Not a member: 403 and nothing stored.
    for who in ("agency_user", "buyer_user", "operator"):
        resp = post(parties[who], f"{url}/scores", {"scores": full})
        assert resp.status_code == 403 and resp.json()["code"] == "not_member"
    assert post(parties["bidder_user"], f"{url}/scores", {"scores": full}).status_code == 404
    bad = {k: dict(v) for k, v in full.items()}
    bad[str(bids[0].pk)]["T"] = "120"
    resp = post(members[1].user, f"{url}/scores", {"scores": bad})
    assert resp.status_code == 422 and resp.json()["code"] == "score_out_of_range"
    assert not Score.objects.exists() and not Submission.objects.exists()
    assert post(members[1].user, f"{url}/scores", {"scores": full}).status_code == 200
    resp = post(members[1].user, f"{url}/scores", {"scores": full})
    assert resp.status_code == 409 and resp.json()["code"] == "already_submitted"
    # Others cannot see member 1's scores before their own submission.
    data = client_for(members[2].user).get(url).json()
    assert data["scores"] == [] and data["ranking"] is None
    resp = post(members[0].user, f"{url}/bids/{bids[0].pk}/disqualify", {"reason": ""})
    assert resp.status_code == 422 and resp.json()["code"] == "reason_required"
    resp = post(members[1].user, f"{url}/bids/{bids[0].pk}/disqualify", {"reason": "资格不符"})
    assert resp.status_code == 403 and resp.json()["code"] == "chair_only"
    resp = post(members[0].user, f"{url}/report")
    assert resp.status_code == 409 and resp.json()["code"] == "committee_bad_state"
    resp = post(members[0].user, f"{url}/report/sign")
    assert resp.status_code == 409
