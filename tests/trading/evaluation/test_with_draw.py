"""A committee seated from a draw: a conflict declared on entry voids the seat and redraws it."""

from __future__ import annotations

import datetime as dt

import pytest

from ggzy.core.audit_seal import seal_due
from ggzy.core.exceptions import Conflict
from ggzy.hub.experts import services as expert_services
from ggzy.hub.experts.models import Invitation
from ggzy.parties.roles import Role
from ggzy.trading.evaluation import services
from ggzy.trading.evaluation.models import Member

from .conftest import BIDS, T0, TEMPLATE, uscc

pytestmark = pytest.mark.django_db


def accept_pending(draw):
    for inv in Invitation.objects.filter(line__draw=draw, outcome="pending").select_related("expert__user"):
        expert_services.invitation_respond(actor=inv.expert.user, invitation=inv, accept=True)


def test_drawn_committee_replacement_is_redrawn(clock, parties, make_experts, make_user):
    make_experts(7)
    start = T0 + dt.timedelta(hours=12)
    draw = expert_services.draw_request(
        actor=parties["agency_user"],
        section_ref="SH-EV-DRAW",
        buyer_uscc=parties["buyer"].uscc,
        agency_uscc=parties["agency"].uscc,
        bidder_usccs=[b["bidderUscc"] for b in BIDS],
        regulator_usccs=[],
        evaluation_at=start,
        lines=[{"specialty": "B02", "count": 4}],
    )
    clock.shift(dt.timedelta(seconds=5))
    seal_due(force=True)
    expert_services.draws_advance()
    accept_pending(draw)
    reps = [make_user(Role.BUYER, parties["buyer"])]
    with pytest.raises(Conflict) as exc:  # a draw for another section cannot seat this committee
        services.committee_form(
            actor=parties["agency_user"],
            section_ref="SH-OTHER",
            procurement="goods",
            budget="1000000",
            method="comprehensive",
            starts_at=start,
            buyer_uscc=parties["buyer"].uscc,
            agency_uscc=parties["agency"].uscc,
            buyer_reps=reps,
            items=TEMPLATE,
            bids=BIDS,
            draw=draw,
        )
    assert exc.value.code == "draw_mismatch"
    committee = services.committee_form(
        actor=parties["agency_user"],
        section_ref="SH-EV-DRAW",
        procurement="goods",
        budget="1000000",
        method="comprehensive",
        starts_at=start,
        buyer_uscc=parties["buyer"].uscc,
        agency_uscc=parties["agency"].uscc,
        buyer_reps=reps,
        items=TEMPLATE,
        bids=BIDS,
        draw=draw,
    )
    assert committee.members.filter(kind="expert").count() == 4
    clock.move_to(start, tick=False)
    leaving = committee.members.filter(kind="expert").first()
    services.member_enter(actor=leaving.user, committee=committee, conflict=f"配偶任职于 {uscc(22)}")
    leaving.refresh_from_db()
    assert leaving.status == Member.Status.REPLACED
    inv = Invitation.objects.get(pk=leaving.invitation_id)
    assert inv.outcome == "avoided"
    nxt = Invitation.objects.get(line__draw=draw, outcome="pending")
    assert nxt.index == 4  # the next position of the same seeded order
    expert_services.invitation_respond(actor=nxt.expert.user, invitation=nxt, accept=True)
    new = services.member_add(
        actor=parties["agency_user"], committee=committee, replaces=leaving, expert=nxt.expert
    )
    assert new.invitation_id == nxt.pk
    # An expert who was not drawn cannot fill the seat.
    stray = make_experts(1)[0]
    second = committee.members.filter(kind="expert", status="active").exclude(pk=new.pk).first()
    services.member_replace(actor=parties["agency_user"], member=second, reason="身体不适")
    with pytest.raises(Conflict) as exc:
        services.member_add(actor=parties["agency_user"], committee=committee, replaces=second, expert=stray)
    assert exc.value.code == "expert_not_drawn"


def test_committee_refused_while_the_draw_awaits_answers(clock, parties, make_experts, make_user):
    make_experts(6)
    start = T0 + dt.timedelta(hours=12)
    draw = expert_services.draw_request(
        actor=parties["agency_user"],
        section_ref="SH-EV-WAIT",
        buyer_uscc=parties["buyer"].uscc,
        agency_uscc=parties["agency"].uscc,
        bidder_usccs=[b["bidderUscc"] for b in BIDS],
        regulator_usccs=[],
        evaluation_at=start,
        lines=[{"specialty": "B02", "count": 4}],
    )
    clock.shift(dt.timedelta(seconds=5))
    seal_due(force=True)
    expert_services.draws_advance()
    first = (
        Invitation.objects.filter(line__draw=draw, outcome="pending").select_related("expert__user").first()
    )
    expert_services.invitation_respond(actor=first.expert.user, invitation=first, accept=True)
    with pytest.raises(Conflict) as exc:
        services.committee_form(
            actor=parties["agency_user"],
            section_ref="SH-EV-WAIT",
            procurement="goods",
            budget="1000000",
            method="comprehensive",
            starts_at=start,
            buyer_uscc=parties["buyer"].uscc,
            agency_uscc=parties["agency"].uscc,
            buyer_reps=[make_user(Role.BUYER, parties["buyer"])],
            items=TEMPLATE,
            bids=BIDS,
            draw=draw,
        )
    assert exc.value.code == "draw_in_progress"
