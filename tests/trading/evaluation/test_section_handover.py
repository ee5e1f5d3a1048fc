"""The spine: an opened tendering Section → draw (facts from the Section) → committee → signed report →
tendering's candidate publicity (evaluation_report_accept)."""

from __future__ import annotations

import datetime as dt

import pytest

from ggzy.core import clock as core_clock
from ggzy.core.audit_seal import seal_due
from ggzy.hub.experts import services as expert_services
from ggzy.hub.experts.models import Draw, DrawExclusion, Invitation
from ggzy.trading.evaluation import services
from ggzy.trading.evaluation.models import Committee
from tests.trading.tendering.conftest import (  # noqa: F401 — fixtures
    catalogue,
    clock_at,
    draft,
    parties,
    published,
)
from tests.trading.tendering.test_award import opened  # noqa: F401 — fixture

pytestmark = pytest.mark.django_db

TEMPLATE = [
    {"code": "P", "name": "价格", "kind": "price", "weight": "0.40", "maxPoints": "100"},
    {"code": "T", "name": "施工组织设计", "kind": "technical", "weight": "0.60", "maxPoints": "100"},
]


def test_section_to_publicity(opened, parties, clock_at, make_experts):  # noqa: F811
    section, bids = opened
    experts = make_experts(6)
    manager = parties["agency"] if section.tender.agency_id else parties["buyer"]
    draw = expert_services.draw_request(
        actor=manager,
        section=section,
        evaluation_at=core_clock.now() + dt.timedelta(hours=20),
        lines=[{"specialty": "B0201", "count": 4}],
    )
    assert draw.section_id == section.pk and draw.section_ref == section.code
    assert set(draw.bidder_usccs) == {b.bidder.uscc for b in bids.values()}
    clock_at(core_clock.now() + dt.timedelta(seconds=5))
    seal_due(force=True)
    expert_services.draws_advance()
    for inv in Invitation.objects.filter(line__draw=draw, outcome="pending").select_related("expert__user"):
        expert_services.invitation_respond(actor=inv.expert.user, invitation=inv, accept=True)
    draw.refresh_from_db()
    assert draw.status == Draw.Status.COMPLETE and not DrawExclusion.objects.filter(draw=draw).exists()
    assert len(experts) == 6
    start = draw.evaluation_at
    committee = services.committee_form(
        actor=manager,
        section=section,
        procurement="engineering",
        method="comprehensive",
        starts_at=start,
        buyer_reps=[parties["buyer"]],
        items=TEMPLATE,
        draw=draw,
    )
    assert committee.section_id == section.pk and committee.bids.count() == 3
    assert {b.source_bid_id for b in committee.bids.all()} == {b.pk for b in bids.values()}
    clock_at(start)
    members = list(committee.members.order_by("id"))
    for m in members:
        services.member_enter(actor=m.user, committee=committee)
    for m in members:
        if services.chair_vote(actor=m.user, committee=committee, candidate=members[0]):
            break
    for m in members:
        services.score_submit(
            actor=m.user, committee=committee, scores={b.pk: {"T": "80"} for b in committee.bids.all()}
        )
    services.report_prepare(actor=members[0].user, committee=committee)
    with pytest.raises(Exception) as exc:
        services.report_hand_over(actor=manager, committee=committee)
    assert exc.value.code == "report_unsigned"
    for m in members:
        services.report_sign(actor=m.user, committee=committee)
    committee.refresh_from_db()
    section.refresh_from_db()
    assert committee.status == Committee.Status.HANDED_OVER
    assert section.status == "publicity"
    # Equal technical scores: the lowest price ranks first (bids 11.5M, 11.2M, 11.7M).
    ranked = list(section.candidates.order_by("rank").values_list("bid__price_amount", flat=True))
    assert [str(p) for p in ranked] == ["11200000.00", "11500000.00", "11700000.00"]
