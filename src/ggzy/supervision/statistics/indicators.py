"""Trading indicators computed from processes in OCDS form (``exchange.ocds_facts.ProcessFacts``).

Pure functions, no database: the dashboard, the CSV export and the API call them on the processes
``sources.processes_for`` loads (sub-platform intake and own trading data alike).

Definitions (docs/supervision.md):
- trades: processes with an active award; value: sum of their award values.
- savings rate: Σ(budget − award) / Σ budget over awarded processes with a budget (tender.value:
  ceiling / control price, else estimate).
- bidders per tender: mean number of distinct tenderers over processes with at least one bid.
- single-bid rate: share of processes with bids that had exactly one bidder (OCDS R018).
- failed-tender rate: share of processes whose tender ended unsuccessful/cancelled (流标/终止).
- time per stage (days): bidding (tenderPeriod start → end), evaluation and award (end → award
  date), contracting (award → contract signed); medians.
- HHI: Σ (winner's share of award value × 100)², 0–10,000; top winners by award value.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ggzy.supervision.exchange.ocds_facts import ProcessFacts

DIMENSIONS: dict[str, tuple[str, Callable[[ProcessFacts], str]]] = {
    "month": ("月份", lambda f: f.month or "未知"),
    "category": ("交易目录", lambda f: f.catalogue_code or "未分类"),
    "district": ("区域", lambda f: f.district or "未知"),
}
TOP_WINNERS = 10
DAY = 86400.0


@dataclass
class Indicators:
    key: str = ""
    label: str = ""  # for people, e.g. "A01 房屋建筑和市政基础设施工程"; defaults to ``key``
    processes: int = 0
    trades: int = 0
    value: float = 0.0
    savings_rate: float | None = None
    bidders_per_tender: float | None = None
    single_bid_rate: float | None = None
    failed_rate: float | None = None
    bidding_days: float | None = None
    award_days: float | None = None
    contract_days: float | None = None
    hhi: float | None = None
    top_winners: list[tuple[str, str, float, float]] = field(default_factory=list)  # (id, name, value, share)

    CSV_COLUMNS = (
        ("key", "分组"),
        ("processes", "项目数"),
        ("trades", "成交数"),
        ("value", "成交金额（元）"),
        ("savings_rate", "节资率"),
        ("bidders_per_tender", "平均投标人数"),
        ("single_bid_rate", "单一投标率"),
        ("failed_rate", "流标率"),
        ("bidding_days", "投标期（天，中位数）"),
        ("award_days", "评标定标（天，中位数）"),
        ("contract_days", "签约（天，中位数）"),
        ("hhi", "HHI"),
    )

    def csv_row(self) -> list[str]:
        out = []
        for name, _ in self.CSV_COLUMNS:
            value = (self.label or self.key) if name == "key" else getattr(self, name)
            out.append("" if value is None else (f"{value:.4f}" if isinstance(value, float) else str(value)))
        return out


def _median_days(pairs: Iterable[tuple]) -> float | None:
    values = [(end - start).total_seconds() / DAY for start, end in pairs if start and end and end >= start]
    return round(statistics.median(values), 1) if values else None


def _rate(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def concentration(processes: list[ProcessFacts]) -> tuple[float | None, list[tuple[str, str, float, float]]]:
    """(HHI 0–10,000, top winners) by award value; a joint award is split evenly among its suppliers."""
    won: dict[str, float] = defaultdict(float)
    names: dict[str, str] = {}
    for p in processes:
        if p.award_value is None or not p.winners:
            continue
        names.update({k: v for k, v in p.names.items() if v})
        for winner in p.winners:
            won[winner] += p.award_value / len(p.winners)
    total = sum(won.values())
    if total <= 0:
        return None, []
    shares = {w: v / total for w, v in won.items()}
    hhi = round(sum((s * 100) ** 2 for s in shares.values()), 1)
    top = sorted(won.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_WINNERS]
    return hhi, [(w, names.get(w, ""), round(v, 2), round(shares[w], 4)) for w, v in top]


def compute(processes: list[ProcessFacts], key: str = "") -> Indicators:
    result = Indicators(key=key, processes=len(processes))
    awarded = [p for p in processes if p.awarded]
    result.trades = len(awarded)
    result.value = round(sum(p.award_value or 0.0 for p in awarded), 2)
    with_budget = [p for p in awarded if p.budget]
    budget = sum(p.budget or 0.0 for p in with_budget)
    if budget > 0:
        result.savings_rate = round((budget - sum(p.award_value or 0.0 for p in with_budget)) / budget, 4)
    with_bids = [p for p in processes if p.bidders]
    if with_bids:
        result.bidders_per_tender = round(sum(len(p.bidders) for p in with_bids) / len(with_bids), 2)
    result.single_bid_rate = _rate(sum(1 for p in with_bids if len(p.bidders) == 1), len(with_bids))
    result.failed_rate = _rate(sum(1 for p in processes if p.failed), len(processes))
    result.bidding_days = _median_days((p.tender_start, p.tender_end) for p in processes)
    result.award_days = _median_days((p.tender_end, p.award_date) for p in processes)
    result.contract_days = _median_days((p.award_date, p.contract_date) for p in processes)
    result.hhi, result.top_winners = concentration(processes)
    return result


def by_dimension(processes: list[ProcessFacts], dimension: str) -> list[Indicators]:
    """Indicators per group of ``dimension`` (month / category / district), sorted by key."""
    if dimension not in DIMENSIONS:
        raise ValueError(dimension)
    keyfunc = DIMENSIONS[dimension][1]
    groups: dict[str, list[ProcessFacts]] = defaultdict(list)
    for p in processes:
        groups[keyfunc(p)].append(p)
    return [compute(groups[k], key=k) for k in sorted(groups)]
