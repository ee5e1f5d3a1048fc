"""Indicator definitions on hand-made processes (pure functions)."""

from __future__ import annotations

from ggzy.supervision.exchange.ocds_facts import facts
from ggzy.supervision.statistics import indicators
from tests.supervision.exchange.ocds_samples import release


def test_hand_computed_indicators():
    processes = [
        facts(release(1, amounts=[800_000.0, 900_000.0], ceiling=1_000_000.0)),  # wins 800k, saves 20%
        facts(
            release(2, amounts=[600_000.0], ceiling=1_000_000.0, bidder_offset=50)
        ),  # single bid, saves 40%
        facts(release(3, tag="tender", status="unsuccessful", amounts=[], bidders=0)),  # failed, no bids
    ]
    result = indicators.compute(processes)
    assert result.processes == 3 and result.trades == 2
    assert result.value == 1_400_000.0
    assert result.savings_rate == round(600_000 / 2_000_000, 4)
    assert result.bidders_per_tender == 1.5
    assert result.single_bid_rate == 0.5
    assert result.failed_rate == round(1 / 3, 4)
    # 800k of 1.4M and 600k of 1.4M: HHI = 57.14² + 42.86²
    assert abs(result.hhi - ((800 / 1400 * 100) ** 2 + (600 / 1400 * 100) ** 2)) < 0.1
    assert [w[2] for w in result.top_winners] == [800_000.0, 600_000.0]
    assert result.top_winners[0][1] == "测试建设公司0"
    assert result.bidding_days == 28.0  # 2026-02-01 09:00 → 2026-03-01 09:30, median
    assert result.award_days is not None


def test_empty_input():
    result = indicators.compute([])
    assert result.processes == 0 and result.value == 0.0
    assert result.savings_rate is None and result.hhi is None and result.top_winners == []
    assert indicators.by_dimension([], "month") == []


def test_grouping_by_dimension():
    processes = [
        facts(release(1, district="浦东新区")),
        facts(release(2, district="徐汇区")),
        facts(release(3, district="浦东新区", category="B01")),
    ]
    by_district = indicators.by_dimension(processes, "district")
    assert [(r.key, r.processes) for r in by_district] == [("徐汇区", 1), ("浦东新区", 2)]
    by_category = indicators.by_dimension(processes, "category")
    assert [(r.key, r.processes) for r in by_category] == [("A01", 2), ("B01", 1)]
    assert [r.key for r in indicators.by_dimension(processes, "month")] == ["2026-03"]


def test_joint_award_splits_the_value():
    rel = release(1, amounts=[500_000.0])
    rel["awards"][0]["suppliers"].append({"id": "X", "name": "联合体成员"})
    hhi, top = indicators.concentration([facts(rel)])
    assert hhi == 5000.0 and [t[2] for t in top] == [250_000.0, 250_000.0]
