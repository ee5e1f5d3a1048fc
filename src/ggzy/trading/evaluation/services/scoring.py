"""Independent scoring: each member submits once; others' scores stay hidden until then."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from ggzy.core import audit, clock
from ggzy.core.exceptions import Conflict, InvalidInput

from .. import calculation, rules
from ..models import Bid, Committee, DeviationFlag, Member, Score, ScoringItem, Submission
from ..states import COMMITTEE
from .committee import _dec
from .common import (
    lock_committee,
    refuse,
    require_enough_valid_bids,
    require_status,
    seat_of,
    valid_bids_short,
)


def score_submit(*, actor, committee: Committee, scores: dict, comments: dict | None = None) -> Submission:
    """``scores``: {bid id: {item code: points}} for every valid bid and every non-price item.

    Lowest-price evaluations submit ``{}`` (the member confirms the compliance review).
    """
    comments = comments or {}
    with transaction.atomic():
        committee = lock_committee(committee)
        member = seat_of(actor, committee, lock=True)
        refuse(rules.score_refusal(member, committee))  # the rule the scoring page asks (``may_score``)
        require_enough_valid_bids(committee)
        items = [i for i in committee.items.all() if i.kind != ScoringItem.Kind.PRICE]
        bids = list(committee.bids.filter(disqualified=False))
        rows = []
        for bid in bids:
            given = scores.get(bid.pk, scores.get(str(bid.pk))) or {}
            for item in items:
                if item.code not in given or given[item.code] in (None, ""):
                    raise InvalidInput(
                        f"{bid.bidder_name} 的“{item.name}”未评分",
                        code="score_missing",
                        details={"bid": bid.pk, "item": item.code},
                    )
                points = _dec(given[item.code], f"{bid.pk}.{item.code}")
                if not Decimal(0) <= points <= item.max_points or points != points.quantize(Decimal("0.01")):
                    raise InvalidInput(
                        f"“{item.name}”得分应在 0～{item.max_points} 之间（最多两位小数）",
                        code="score_out_of_range",
                        details={"bid": bid.pk, "item": item.code, "max": str(item.max_points)},
                    )
                note = str((comments.get(bid.pk) or comments.get(str(bid.pk)) or {}).get(item.code, ""))[:500]
                rows.append(Score(member=member, bid=bid, item=item, points=points, comment=note))
        Score.objects.bulk_create(rows)
        submission = Submission.objects.create(member=member, submitted_at=clock.now())
        audit.record(
            actor=actor,
            action="evaluation.scores_submitted",
            target=committee,
            payload={"member": member.pk, "scores": len(rows)},
        )
        _maybe_finish(committee)
    return submission


def _maybe_finish(committee: Committee) -> None:
    active = list(Member.objects.filter(committee=committee, status=Member.Status.ACTIVE))
    done = set(Submission.objects.filter(member__in=active).values_list("member_id", flat=True))
    if len(done) < len(active):
        return
    _flag_deviations(committee, active)
    COMMITTEE.move(
        committee,
        Committee.Status.SCORED,
        actor=None,
        audit_action="evaluation.scoring_complete",
        audit_details={"members": len(active)},
    )


def _flag_deviations(committee: Committee, active: list[Member]) -> None:
    scores: dict[tuple[int, int], dict[int, Decimal]] = {}
    for s in Score.objects.filter(member__in=active, bid__disqualified=False).select_related("item"):
        scores.setdefault((s.bid_id, s.item_id), {})[s.member_id] = s.points
    items = {i.pk: i for i in committee.items.all()}
    DeviationFlag.objects.filter(committee=committee).delete()  # recomputed after a replacement
    flags = []
    for (bid_id, item_id), by_member in scores.items():
        item = items[item_id]
        for member_id, points in by_member.items():
            others = [p for m, p in by_member.items() if m != member_id]
            far, others_mean = calculation.deviates(
                points, others, item.max_points, committee.deviation_bound
            )
            if far:
                flags.append(
                    DeviationFlag(
                        committee=committee,
                        member_id=member_id,
                        bid_id=bid_id,
                        item=item,
                        points=points,
                        others_mean=others_mean.quantize(Decimal("0.0001")),
                        bound=(committee.deviation_bound * item.max_points).quantize(Decimal("0.0001")),
                        flagged_at=clock.now(),
                    )
                )
    DeviationFlag.objects.bulk_create(flags)
    for f in flags:  # supervision reads these audit events
        audit.record(
            actor=None,
            action="evaluation.deviation_flagged",
            target=committee,
            payload={
                "member": f.member_id,
                "bid": f.bid_id,
                "item": f.item.code,
                "points": str(f.points),
                "othersMean": str(f.others_mean),
                "bound": str(f.bound),
            },
        )


def _chair(actor, committee: Committee) -> Member:
    member = seat_of(actor, committee)
    refuse(rules.chair_refusal(member))
    return member


def bid_disqualify(*, actor, committee: Committee, bid: Bid, reason: str) -> Bid:
    """否决投标: the chair records the committee's decision; a reason is mandatory. In GP, fewer than 3
    valid bids left stops the evaluation (87号令43): no further scores or report."""
    with transaction.atomic():
        committee = lock_committee(committee)
        # The rule the committee page asks (``may_disqualify``).
        refuse(rules.disqualify_refusal(seat_of(actor, committee), committee))
        if not reason.strip():
            raise InvalidInput("否决投标须说明理由", code="reason_required", details={"field": "reason"})
        bid = Bid.objects.select_for_update().get(pk=bid.pk, committee=committee)
        if bid.disqualified:
            raise Conflict("该投标已被否决", code="already_disqualified")
        bid.disqualified, bid.disqualification_reason, bid.disqualified_at = (
            True,
            reason.strip()[:500],
            clock.now(),
        )
        bid.save(update_fields=["disqualified", "disqualification_reason", "disqualified_at"])
        audit.record(
            actor=actor,
            action="evaluation.bid_disqualified",
            target=committee,
            payload={"bid": bid.pk, "bidderUscc": bid.bidder_uscc, "reason": bid.disqualification_reason},
        )
        if valid_bids_short(committee):
            audit.record(
                actor=None,
                action="evaluation.stopped",
                target=committee,
                payload={"rule": "87号令43", "valid": committee.bids.filter(disqualified=False).count()},
            )
    return bid


def bid_adjust_price(*, actor, committee: Committee, bid: Bid, adjustment, reason: str) -> Bid:
    """经评审的最低投标价法: quantified deviations adjust the evaluated price, with a reason."""
    _chair(actor, committee)
    if committee.method != Committee.Method.LOWEST_PRICE:
        raise Conflict("仅经评审的最低投标价法可调整评审价格", code="method_mismatch")
    if not reason.strip():
        raise InvalidInput("价格调整须说明理由", code="reason_required", details={"field": "reason"})
    amount = _dec(adjustment, "adjustment")
    with transaction.atomic():
        committee = lock_committee(committee)
        require_status(committee, Committee.Status.SCORING)
        bid = Bid.objects.select_for_update().get(pk=bid.pk, committee=committee)
        if bid.price + amount <= 0:
            raise InvalidInput("调整后的评审价格应大于0", code="invalid_adjustment")
        bid.price_adjustment, bid.adjustment_reason = amount, reason.strip()[:300]
        bid.save(update_fields=["price_adjustment", "adjustment_reason"])
        audit.record(
            actor=actor,
            action="evaluation.price_adjusted",
            target=committee,
            payload={"bid": bid.pk, "adjustment": str(amount), "reason": bid.adjustment_reason},
        )
    return bid
