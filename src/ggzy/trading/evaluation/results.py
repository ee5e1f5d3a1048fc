"""Totals and ranks from the submitted scores of active members (replaced members' scores are void)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from . import calculation
from .models import Committee, Member, Score, ScoringItem


def compute_ranking(committee: Committee) -> list[dict[str, Any]]:
    bids = list(committee.bids.filter(disqualified=False).order_by("id"))
    if not bids:
        return []
    if committee.method == Committee.Method.LOWEST_PRICE:
        rows = [
            {
                "bidId": b.pk,
                "bidderUscc": b.bidder_uscc,
                "bidderName": b.bidder_name,
                "price": b.price,
                "evaluatedPrice": b.evaluated_price,
            }
            for b in bids
        ]
        return calculation.rank_lowest_price(rows)
    items = list(committee.items.all())
    points: dict[tuple[int, int], list[Decimal]] = defaultdict(list)
    for s in Score.objects.filter(
        member__committee=committee,
        member__status=Member.Status.ACTIVE,
        member__submission__isnull=False,
        bid__in=bids,
    ):
        points[(s.bid_id, s.item_id)].append(s.points)
    benchmark = min(b.price for b in bids)  # 评标基准价: the lowest valid price
    rows = []
    for b in bids:
        parts = {}
        for item in items:
            if item.kind == ScoringItem.Kind.PRICE:
                parts[item.code] = calculation.price_contribution(benchmark, b.price, item.weight)
            else:
                given = points.get((b.pk, item.pk), [])
                parts[item.code] = (
                    calculation.item_contribution(given, item.max_points, item.weight)
                    if given
                    else Decimal("0.00")
                )
        rows.append(
            {
                "bidId": b.pk,
                "bidderUscc": b.bidder_uscc,
                "bidderName": b.bidder_name,
                "price": b.price,
                "items": parts,
                "total": sum(parts.values(), Decimal("0.00")),
            }
        )
    return calculation.rank_comprehensive(rows)


def as_json(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    def conv(v):
        if isinstance(v, Decimal):
            return str(v)
        if isinstance(v, dict):
            return {k: conv(x) for k, x in v.items()}
        return v

    return [conv(r) for r in rows]
