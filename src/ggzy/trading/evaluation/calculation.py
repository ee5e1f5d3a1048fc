"""Score arithmetic, pure and exact (Decimal).

87号令55 (综合评分法): 评标总得分 = F1×A1 + … + Fn×An, each factor F on a 100 scale and weights A
summing to 1; the price factor F = 评标基准价 ÷ 投标报价 × 100, the benchmark being the lowest valid
price. An item scored out of ``max_points`` enters as points ÷ max_points × 100. Each item's
contribution is rounded to 0.01 (half up) and the total is the sum of the rounded contributions.
Ranking: total high → low; equal totals by price low → high; equal in both share a rank (并列).
87号令54 (最低评标价法): evaluated price low → high; equal prices share a rank.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

CENT = Decimal("0.01")


def q2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def price_contribution(benchmark: Decimal, price: Decimal, weight: Decimal) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 40
        return q2(benchmark / price * weight * 100)


def mean(values: Sequence[Decimal]) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 40
        return sum(values, Decimal(0)) / len(values)


def item_contribution(points: Sequence[Decimal], max_points: Decimal, weight: Decimal) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 40
        return q2(mean(points) / max_points * weight * 100)


def competition_ranks(rows: list[dict[str, Any]], key: Callable[[dict], tuple]) -> list[dict[str, Any]]:
    """Sort by ``key`` and give equal keys the same rank (1, 1, 3 …)."""
    ordered = sorted(rows, key=key)
    rank, prev = 0, None
    for n, row in enumerate(ordered, start=1):
        k = key(row)
        if k != prev:
            rank, prev = n, k
        row["rank"] = rank
    return ordered


def rank_comprehensive(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return competition_ranks(rows, key=lambda r: (-r["total"], r["price"]))


def rank_lowest_price(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return competition_ranks(rows, key=lambda r: (r["evaluatedPrice"],))


def deviates(
    points: Decimal, others: Sequence[Decimal], max_points: Decimal, bound: Decimal
) -> tuple[bool, Decimal]:
    """Whether ``points`` is further than ``bound`` × max_points from the mean of the other members."""
    if not others:
        return False, Decimal(0)
    m = mean(others)
    return abs(points - m) > bound * max_points, m
