"""Independent scoring, the hand-computed 87号令55 example end to end, deviations, void scores, report."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from ggzy.core.exceptions import Conflict, Forbidden, InvalidInput
from ggzy.core.models import AuditRecord
from ggzy.hub.experts.models import EvaluationRecord
from ggzy.trading.evaluation import selectors, services
from ggzy.trading.evaluation.models import Committee, DeviationFlag, Score

from .conftest import redrawn_expert

pytestmark = pytest.mark.django_db

# Five members' technical (T) and commercial (C) points for 甲, 乙, 丙 (max 100 each).
T = {"甲公司": [80, 82, 78, 85, 75], "乙公司": [90, 88, 92, 91, 89], "丙公司": [95, 93, 97, 94, 96]}
C = {"甲公司": [70, 70, 70, 70, 70], "乙公司": [80, 82, 78, 80, 80], "丙公司": [85, 85, 85, 85, 86]}


def sheet(committee, k: int, t=T, c=C) -> dict:
    return {b.pk: {"T": t[b.bidder_name][k], "C": c[b.bidder_name][k]} for b in committee.bids.all()}


def score_all(committee, members, t=T, c=C):
    for k, m in enumerate(members):
        services.score_submit(actor=m.user, committee=committee, scores=sheet(committee, k, t, c))
    committee.refresh_from_db()


def test_hand_computed_comprehensive_example(seated):
    """Benchmark 950,000. Price: 30.00 / 28.50 / 25.91. Technical ×0.5: 40.00 / 45.00 / 47.50.
    Commercial ×0.2: 14.00 / 16.00 / 17.04. Totals 84.00 / 89.50 / 90.45 → 丙, 乙, 甲."""
    committee, members = seated()
    score_all(committee, members)
    assert committee.status == Committee.Status.SCORED
    report = services.report_prepare(actor=members[0].user, committee=committee)
    by_name = {r["bidderName"]: r for r in report.ranking}
    assert by_name["甲公司"]["items"] == {"P": "30.00", "T": "40.00", "C": "14.00"}
    assert by_name["乙公司"]["items"] == {"P": "28.50", "T": "45.00", "C": "16.00"}
    assert by_name["丙公司"]["items"] == {"P": "25.91", "T": "47.50", "C": "17.04"}
    assert [(c["rank"], c["bidderName"], c["total"]) for c in report.candidates] == [
        (1, "丙公司", "90.45"),
        (2, "乙公司", "89.50"),
        (3, "甲公司", "84.00"),
    ]
    assert not DeviationFlag.objects.exists()


def test_lowest_evaluated_price_with_adjustment(seated):
    committee, members = seated(method="lowest_price", items=[])
    bids = {b.bidder_name: b for b in committee.bids.all()}
    with pytest.raises(InvalidInput) as exc:
        services.bid_adjust_price(
            actor=members[0].user, committee=committee, bid=bids["甲公司"], adjustment="80000", reason=""
        )
    assert exc.value.code == "reason_required"
    services.bid_adjust_price(
        actor=members[0].user,
        committee=committee,
        bid=bids["甲公司"],
        adjustment="80000",
        reason="工期偏差按招标文件量化加价",
    )
    for m in members:
        services.score_submit(actor=m.user, committee=committee, scores={})
    report = services.report_prepare(actor=members[0].user, committee=committee)
    # 甲 950,000 + 80,000 = 1,030,000; 乙 1,000,000; 丙 1,100,000
    assert [(c["rank"], c["bidderName"], c["evaluatedPrice"]) for c in report.candidates] == [
        (1, "乙公司", "1000000.00"),
        (2, "甲公司", "1030000.00"),
        (3, "丙公司", "1100000.00"),
    ]


def test_scores_out_of_range_or_missing_refused_and_nothing_saved(seated):
    committee, members = seated()
    bad = sheet(committee, 0)
    first = next(iter(bad))
    bad[first]["T"] = 101
    with pytest.raises(InvalidInput) as exc:
        services.score_submit(actor=members[0].user, committee=committee, scores=bad)
    assert exc.value.code == "score_out_of_range"
    bad[first]["T"] = "-1"
    with pytest.raises(InvalidInput):
        services.score_submit(actor=members[0].user, committee=committee, scores=bad)
    bad[first]["T"] = "80.555"
    with pytest.raises(InvalidInput):
        services.score_submit(actor=members[0].user, committee=committee, scores=bad)
    del bad[first]["T"]
    with pytest.raises(InvalidInput) as exc:
        services.score_submit(actor=members[0].user, committee=committee, scores=bad)
    assert exc.value.code == "score_missing"
    assert not Score.objects.exists()


def test_cannot_score_twice_or_without_statement_or_as_outsider(seated, form, parties, clock):
    committee, members = seated()
    services.score_submit(actor=members[0].user, committee=committee, scores=sheet(committee, 0))
    with pytest.raises(Conflict) as exc:
        services.score_submit(actor=members[0].user, committee=committee, scores=sheet(committee, 0))
    assert exc.value.code == "already_submitted"
    with pytest.raises(Forbidden) as exc:
        services.score_submit(actor=parties["agency_user"], committee=committee, scores={})
    assert exc.value.code == "not_member"
    fresh = form(section="SH-EV-02")
    m = fresh.members.first()
    with pytest.raises(Conflict) as exc:
        services.score_submit(actor=m.user, committee=fresh, scores={})
    assert exc.value.code == "avoidance_statement_required"


def test_nobody_sees_others_scores_before_submitting(seated, parties):
    committee, members = seated()
    services.score_submit(actor=members[0].user, committee=committee, scores=sheet(committee, 0))
    # member 1 has not submitted: sees nothing of member 0
    c, me = selectors.committee_for_viewer(viewer=members[1].user, committee_id=committee.pk)
    assert selectors.visible_scores(viewer=members[1].user, committee=c, member=me) == []
    # member 0 has submitted: may see others' (none yet besides own)
    c, me = selectors.committee_for_viewer(viewer=members[0].user, committee_id=committee.pk)
    assert {
        r["memberId"] for r in selectors.visible_scores(viewer=members[0].user, committee=c, member=me)
    } == {members[0].pk}
    for who in ("agency_user", "buyer_user", "operator"):
        c, me = selectors.committee_for_viewer(viewer=parties[who], committee_id=committee.pk)
        assert selectors.visible_scores(viewer=parties[who], committee=c, member=me) == []
        assert selectors.ranking_for_viewer(viewer=parties[who], committee=c, member=me) is None
    for who in ("regulator_user", "other_agency_user", "bidder_user"):
        with pytest.raises(Exception) as exc:
            selectors.committee_for_viewer(viewer=parties[who], committee_id=committee.pk)
        assert exc.value.code == "not_found"


def test_deviation_flagged_to_supervision(seated):
    committee, members = seated()
    t = {k: list(v) for k, v in T.items()}
    t["乙公司"][4] = 40  # others' mean 90.25; |40 − 90.25| > 0.3 × 100
    score_all(committee, members, t=t)
    flag = DeviationFlag.objects.get()
    assert (flag.member_id, flag.item.code, flag.points, flag.others_mean) == (
        members[4].pk,
        "T",
        D(40),
        D("90.25"),
    )
    assert AuditRecord.objects.filter(action="evaluation.deviation_flagged").count() == 1


def test_disqualification_needs_reason_and_chair(seated):
    committee, members = seated(procurement="engineering")  # GP would stop at 2 valid bids (87号令43)
    bid = committee.bids.get(bidder_name="甲公司")
    with pytest.raises(Forbidden) as exc:
        services.bid_disqualify(actor=members[1].user, committee=committee, bid=bid, reason="x")
    assert exc.value.code == "chair_only"
    with pytest.raises(InvalidInput) as exc:
        services.bid_disqualify(actor=members[0].user, committee=committee, bid=bid, reason="  ")
    assert exc.value.code == "reason_required"
    services.bid_disqualify(
        actor=members[0].user, committee=committee, bid=bid, reason="未按要求提供投标保证金"
    )
    score_all(committee, members)
    report = services.report_prepare(actor=members[0].user, committee=committee)
    # Benchmark is now 乙's 1,000,000: 乙 price 30.00 → 91.00; 丙 1,000,000/1,100,000 × 30 = 27.27 → 91.81
    assert [(c["bidderName"], c["total"]) for c in report.candidates] == [
        ("丙公司", "91.81"),
        ("乙公司", "91.00"),
    ]


def test_replaced_members_scores_are_void(seated, parties):
    committee, members = seated()
    t = {k: [0, *v[1:]] for k, v in T.items()}  # member 0 (chair) scores 0 … but gets replaced
    for k, m in enumerate(members[1:], start=1):
        services.score_submit(actor=m.user, committee=committee, scores=sheet(committee, k))
    services.score_submit(actor=members[0].user, committee=committee, scores=sheet(committee, 0, t=t))
    services.member_replace(
        actor=parties["agency_user"], member=members[0], reason="评审中发现与投标人存在利害关系"
    )
    committee.refresh_from_db()
    # Scored, then the chair left: back to scoring (the successor scores), never to 已组建; a new chair is
    # elected while scoring goes on.
    assert committee.status == Committee.Status.SCORING
    new = services.member_add(
        actor=parties["agency_user"],
        committee=committee,
        replaces=members[0],
        expert=redrawn_expert(committee),
    )
    services.member_enter(actor=new.user, committee=committee)
    active = [new, *members[1:]]
    for m in active:
        if services.chair_vote(actor=m.user, committee=committee, candidate=members[1]):
            break
    services.score_submit(actor=new.user, committee=committee, scores=sheet(committee, 0))
    report = services.report_prepare(actor=members[1].user, committee=committee)
    assert [c["total"] for c in report.candidates] == ["90.45", "89.50", "84.00"]  # member 0's zeros ignored
    with pytest.raises(Forbidden) as exc:
        services.report_sign(actor=members[0].user, committee=committee)
    assert exc.value.code == "member_replaced"


def test_report_signed_by_every_member_before_handover(seated):
    committee, members = seated()
    score_all(committee, members)
    services.report_prepare(actor=members[0].user, committee=committee)
    for m in members[:-1]:
        services.report_sign(actor=m.user, committee=committee)
    committee.refresh_from_db()
    assert committee.status == Committee.Status.REPORTED and committee.report.signed_at is None
    with pytest.raises(Conflict) as exc:
        services.report_sign(actor=members[0].user, committee=committee)
    assert exc.value.code == "already_signed"
    services.report_sign(actor=members[-1].user, committee=committee, dissent="对丙公司技术分有保留意见")
    committee.refresh_from_db()
    assert committee.status in (Committee.Status.SIGNED, Committee.Status.HANDED_OVER)
    assert committee.report.signed_at is not None
    assert EvaluationRecord.objects.count() == 4  # the experts' evaluation records


def test_report_not_prepared_before_all_scored(seated):
    committee, members = seated()
    services.score_submit(actor=members[0].user, committee=committee, scores=sheet(committee, 0))
    with pytest.raises(Conflict) as exc:
        services.report_prepare(actor=members[0].user, committee=committee)
    assert exc.value.code == "committee_bad_state"
