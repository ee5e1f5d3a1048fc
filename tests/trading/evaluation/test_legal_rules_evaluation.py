"""Legal rules of the evaluation: experts only from a finished draw (条例46), GP evaluation stops below
3 valid bids after rejections (87号令43), and the committee's numbers come from the registry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from ggzy.core.exceptions import Conflict
from ggzy.core.legal_rules import cite, rule
from ggzy.core.models import AuditRecord
from ggzy.parties.roles import Role
from ggzy.trading.evaluation import services
from ggzy.trading.evaluation.models import Committee, Submission

from .conftest import BIDS, T0, TEMPLATE

pytestmark = pytest.mark.django_db


@pytest.mark.legal_rule("条例46")
def test_api_no_longer_seats_hand_named_experts(clock, parties, make_experts, make_user):
    """条例46: nobody names the experts — the API path that seated experts by their codes is gone; without a
    finished draw the committee is refused (409 draw_required) and nothing is created."""
    experts = make_experts(4)
    rep = make_user(Role.BUYER, parties["buyer"])
    body = {
        "sectionId": "SH-HAND-01",
        "procurement": "goods",
        "budget": "1000000",
        "method": "comprehensive",
        "startsAt": (T0 + dt.timedelta(hours=2)).isoformat(),
        "buyerUscc": parties["buyer"].uscc,
        "agencyUscc": parties["agency"].uscc,
        "expertCodes": [e.expert_code for e in experts],
        "buyerRepUsernames": [rep.username],
        "items": TEMPLATE,
        "bids": BIDS,
    }
    c = Client()
    c.force_login(parties["agency_user"])
    resp = c.post("/api/v1/evaluation/committees", body, content_type="application/json")
    assert resp.status_code == 409, resp.content
    assert resp.json()["code"] == "draw_required"
    assert cite("条例46") in resp.json()["message"]
    assert not Committee.objects.exists()


@pytest.mark.legal_rule("条例46")
def test_service_refuses_a_committee_without_a_draw(clock, parties, make_user):
    """条例46: committee_form without a draw is refused; a draw of another section cannot seat it either."""
    with pytest.raises(Conflict) as exc:
        services.committee_form(
            actor=parties["agency_user"],
            section_ref="SH-NODRAW",
            procurement="goods",
            budget="1000000",
            method="comprehensive",
            starts_at=T0,
            buyer_uscc=parties["buyer"].uscc,
            agency_uscc=parties["agency"].uscc,
            buyer_reps=[make_user(Role.BUYER, parties["buyer"])],
            items=TEMPLATE,
            bids=BIDS,
            draw=None,
        )
    assert exc.value.code == "draw_required"
    assert not Committee.objects.exists()


@pytest.mark.legal_rule("87号令43")
def test_gp_evaluation_stops_when_rejections_leave_fewer_than_three_valid_bids(seated):
    """87号令43: after a bid is rejected (否决) only 2 valid bids remain in a GP evaluation — no more scores,
    no report; the stop is audited."""
    committee, members = seated(procurement="goods")
    assert rule("87号令43").value == 3
    bid = committee.bids.get(bidder_name="甲公司")
    services.bid_disqualify(
        actor=members[0].user, committee=committee, bid=bid, reason="未按要求提供投标保证金"
    )
    assert AuditRecord.objects.filter(action="evaluation.stopped").exists()
    scores = {b.pk: {"T": "80", "C": "70"} for b in committee.bids.filter(disqualified=False)}
    with pytest.raises(Conflict) as exc:
        services.score_submit(actor=members[1].user, committee=committee, scores=scores)
    assert exc.value.code == "evaluation_stopped"
    assert cite("87号令43") in exc.value.message
    assert not Submission.objects.filter(member__committee=committee).exists()


@pytest.mark.legal_rule("87号令43")
def test_works_evaluation_continues_with_two_valid_bids(seated):
    """87号令43 is a GP rule: an engineering evaluation with 2 valid bids left is not stopped by it."""
    committee, members = seated(procurement="engineering")
    services.bid_disqualify(
        actor=members[0].user, committee=committee, bid=committee.bids.first(), reason="否决"
    )
    scores = {b.pk: {"T": "80", "C": "70"} for b in committee.bids.filter(disqualified=False)}
    services.score_submit(actor=members[1].user, committee=committee, scores=scores)
    assert not AuditRecord.objects.filter(action="evaluation.stopped").exists()


@pytest.mark.legal_rule("87号令55")
def test_scoring_page_cites_the_price_rule_in_the_registry_format(seated):
    """87号令55: the member's scoring page names the price-score rule as 政府采购货物和服务招标投标管理办法第五十五条."""
    committee, members = seated()
    c = Client()
    c.force_login(members[1].user)
    page = c.get(f"/evaluation/{committee.pk}/").content.decode()
    assert 'id="score-form"' in page and cite("87号令55") in page and "87号令第55条" not in page
