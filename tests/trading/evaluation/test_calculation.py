"""Hand-computed examples of 87号令54/55 arithmetic, reproduced exactly."""

from __future__ import annotations

from decimal import Decimal as D

from ggzy.trading.evaluation import calculation


def test_price_score_benchmark_over_bid_times_weight_times_100():
    # 评标基准价 950,000 (lowest valid price), weight 30%:
    assert calculation.price_contribution(D("950000"), D("950000"), D("0.30")) == D("30.00")
    assert calculation.price_contribution(D("950000"), D("1000000"), D("0.30")) == D("28.50")
    # 950000 / 1100000 × 30 = 25.909090… → 25.91
    assert calculation.price_contribution(D("950000"), D("1100000"), D("0.30")) == D("25.91")
    # services, weight 10%: 880 / 1000 × 10 = 8.80
    assert calculation.price_contribution(D("880"), D("1000"), D("0.10")) == D("8.80")


def test_item_contribution_mean_over_max_times_weight():
    # five members, max 100, weight 0.2: (85+85+85+85+86)/5 = 85.2 → 85.2/100 × 20 = 17.04
    assert calculation.item_contribution([D(85)] * 4 + [D(86)], D(100), D("0.20")) == D("17.04")
    # max 40 points, weight 0.4: mean 33 → 33/40 × 40 = 33.00
    assert calculation.item_contribution([D(30), D(36)], D(40), D("0.40")) == D("33.00")
    # rounding half up: mean 12.345 of max 100 × weight 1 → 12.35
    assert calculation.item_contribution([D("12.34"), D("12.35")], D(100), D(1)) == D("12.35")


def test_comprehensive_ties_lower_price_first_then_shared_rank():
    rows = [
        {"id": "a", "total": D("88.00"), "price": D(100)},
        {"id": "b", "total": D("90.00"), "price": D(120)},
        {"id": "c", "total": D("88.00"), "price": D(95)},
        {"id": "d", "total": D("88.00"), "price": D(95)},
    ]
    ranked = calculation.rank_comprehensive(rows)
    assert [(r["id"], r["rank"]) for r in ranked] == [("b", 1), ("c", 2), ("d", 2), ("a", 4)]


def test_lowest_price_equal_prices_share_rank():
    rows = [{"id": x, "evaluatedPrice": D(p)} for x, p in (("a", 10), ("b", 9), ("c", 10))]
    assert [(r["id"], r["rank"]) for r in calculation.rank_lowest_price(rows)] == [
        ("b", 1),
        ("a", 2),
        ("c", 2),
    ]


def test_deviation_bound_is_a_share_of_max_points():
    far, m = calculation.deviates(D(20), [D(80), D(82), D(78), D(80)], D(100), D("0.3"))
    assert far and m == D(80)
    assert not calculation.deviates(D(55), [D(80), D(80)], D(100), D("0.3"))[0]
