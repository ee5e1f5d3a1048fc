"""The member's workflow through the HTML pages, and read-only/negative views per role."""

from __future__ import annotations

import datetime as dt

import pytest

from ggzy.trading.evaluation.models import Committee, Score
from tests.helpers import client_for

from .conftest import T0

pytestmark = pytest.mark.django_db

POINTS = {"甲公司": ("80", "70"), "乙公司": ("90", "80"), "丙公司": ("95", "85")}


def test_full_flow_through_pages(form, clock, parties):
    committee = form()
    url = f"/evaluation/{committee.pk}/"
    members = list(committee.members.order_by("id"))
    names = [m.user.display_name for m in members]
    clock.move_to(T0 - dt.timedelta(minutes=5), tick=False)
    body = client_for(parties["agency_user"]).get(url).content.decode()
    assert not [n for n in names if n in body]  # identities sealed before the start
    clock.move_to(T0, tick=False)
    for m in members:
        c = client_for(m.user)
        assert 'id="statement"' in c.get(url).content.decode()
        c.post(f"{url}enter/")
    for m in members[:3]:
        client_for(m.user).post(f"{url}vote/", {"candidate": members[0].pk})
    committee.refresh_from_db()
    assert committee.status == Committee.Status.SCORING
    bids = {b.bidder_name: b.pk for b in committee.bids.all()}
    form_data = {}
    for name, (t, cm) in POINTS.items():
        form_data[f"s-{bids[name]}-T"], form_data[f"s-{bids[name]}-C"] = t, cm
    bad = dict(form_data, **{f"s-{bids['甲公司']}-T": "101"})
    resp = client_for(members[0].user).post(f"{url}scores/", bad)
    assert resp.status_code == 302 and not Score.objects.exists()
    client_for(members[0].user).post(f"{url}scores/", form_data)
    page = client_for(members[1].user).get(url).content.decode()
    assert 'id="score-form"' in page and "评分明细" not in page  # member 0's scores hidden from member 1
    for m in members[1:]:
        client_for(m.user).post(f"{url}scores/", form_data)
    client_for(members[0].user).post(f"{url}report/")
    assert client_for(parties["regulator_user"]).get(url).status_code == 404  # not yet after the fact
    for m in members:
        client_for(m.user).post(f"{url}sign/")
    committee.refresh_from_db()
    assert committee.status in (Committee.Status.SIGNED, Committee.Status.HANDED_OVER)
    page = client_for(parties["regulator_user"]).get(url).content.decode()
    assert "丙公司" in page and 'id="score-form"' not in page


def test_outsiders_refused(form, clock, parties):
    committee = form()
    url = f"/evaluation/{committee.pk}/"
    assert client_for(parties["bidder_user"]).get(url).status_code == 404
    assert client_for(parties["other_agency_user"]).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302
    resp = client_for(parties["agency_user"]).post(f"{url}enter/")
    assert resp.status_code == 403
    assert not committee.members.filter(statement_signed_at__isnull=False).exists()


def test_agency_forms_committee_on_page_from_a_completed_draw(clock, parties, make_experts, make_user):
    from ggzy.core.audit_seal import seal_due
    from ggzy.hub.experts import services as expert_services
    from ggzy.hub.experts.models import Invitation
    from ggzy.parties.roles import Role

    from .conftest import BIDS

    make_experts(5)
    draw = expert_services.draw_request(
        actor=parties["agency_user"],
        section_ref="SH-FORM-1",
        buyer_uscc=parties["buyer"].uscc,
        agency_uscc=parties["agency"].uscc,
        bidder_usccs=[b["bidderUscc"] for b in BIDS],
        evaluation_at=T0 + dt.timedelta(hours=20),
        lines=[{"specialty": "B0201", "count": 4}],
    )
    clock.shift(dt.timedelta(seconds=5))
    seal_due(force=True)
    expert_services.draws_advance()
    for inv in Invitation.objects.filter(line__draw=draw, outcome="pending").select_related("expert__user"):
        expert_services.invitation_respond(actor=inv.expert.user, invitation=inv, accept=True)
    rep = make_user(Role.BUYER, parties["buyer"])
    from .test_committee_form import committee_post

    data = committee_post(draw, rep)
    assert client_for(parties["bidder_user"]).post("/evaluation/new/", data).status_code == 403
    assert client_for(parties["other_agency_user"]).post("/evaluation/new/", data).status_code == 403
    assert not Committee.objects.exists()
    assert (
        "组建评标委员会" in client_for(parties["agency_user"]).get(f"/draws/{draw.draw_id}/").content.decode()
    )
    resp = client_for(parties["agency_user"]).post("/evaluation/new/", data)
    assert resp.status_code == 302
    committee = Committee.objects.get(section_ref="SH-FORM-1")
    assert committee.members.count() == 5 and committee.bids.count() == 3 and committee.draw_id == draw.pk
    listing = client_for(parties["agency_user"]).get("/evaluation/").content.decode()
    assert "SH-FORM-1" in listing
