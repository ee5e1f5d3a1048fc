"""Data quality of sub-platform intake (数据质量考核): completeness, timeliness, consistency.

Measured per release when it arrives (``measure_release``) and summed per sub-platform and month
(``selectors.quality_by_month``). The score is a weighted mean of the three rates, 0–100.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ggzy.core import calendar
from ggzy.core.legal_rules import rule

from .ocds_facts import amount_of, parse_datetime

# Fields supervision needs, by the stage a release reports (its tags). A field counts as present
# when its dotted path resolves to a non-empty value; "bids.details[].value" checks every bid.
REQUIRED_ALWAYS = ("buyer.id", "tender.id", "tender.title", "tender.value.amount", "tender.procurementMethod")
REQUIRED_TENDER = ("tender.tenderPeriod.startDate", "tender.tenderPeriod.endDate", "tender.items")
REQUIRED_AWARD = (
    "bids.details",
    "bids.details[].tenderers",
    "bids.details[].value.amount",
    "awards",
    "awards[].value.amount",
    "awards[].suppliers",
    "awards[].date",
)
# 87号令69: the result notice is due within 2 working days of the decision. A release received after
# the end (24:00 Asia/Shanghai) of the 2nd working day after the event it reports counts as late —
# working days through the platform calendar (holidays and 调休), never a fixed number of hours.
TIMELINESS_RULE = "87号令69"
WEIGHTS = {"completeness": 0.4, "timeliness": 0.3, "consistency": 0.3}
AMOUNT_TOLERANCE = 0.005  # award may differ from the related bid by rounding only (0.5%)


@dataclass
class ReleaseQuality:
    completeness: float
    missing: list[str] = field(default_factory=list)
    lag_seconds: int | None = None
    consistency_issues: list[str] = field(default_factory=list)


def _present(node: Any, parts: list[str]) -> bool:
    if not parts:
        return node not in (None, "", [], {})
    head, rest = parts[0], parts[1:]
    if head.endswith("[]"):
        items = node.get(head[:-2]) if isinstance(node, dict) else None
        return bool(items) and isinstance(items, list) and all(_present(item, rest) for item in items)
    return isinstance(node, dict) and _present(node.get(head), rest)


def required_fields(tags: list[str]) -> tuple[str, ...]:
    fields: tuple[str, ...] = REQUIRED_ALWAYS
    if any(t.startswith("tender") for t in tags) or any(t.startswith("award") for t in tags):
        fields += REQUIRED_TENDER
    if any(t.startswith("award") or t.startswith("contract") for t in tags):
        fields += REQUIRED_AWARD
    return fields


def event_date(release: dict[str, Any]) -> dt.datetime | None:
    """When the reported event happened: the newest award/contract date, else the release date."""
    dates = [parse_datetime((a or {}).get("date")) for a in release.get("awards") or []]
    dates += [parse_datetime((c or {}).get("dateSigned")) for c in release.get("contracts") or []]
    dates = [d for d in dates if d]
    return max(dates) if dates else parse_datetime(release.get("date"))


def consistency_issues(release: dict[str, Any]) -> list[str]:
    issues: list[str] = []
    tender = release.get("tender") or {}
    ceiling = amount_of(tender.get("value"))
    details = [b for b in (release.get("bids") or {}).get("details") or [] if isinstance(b, dict)]
    bids_by_id = {str(b.get("id")): b for b in details}
    bidder_ids = {str(t.get("id")) for b in details for t in b.get("tenderers") or [] if isinstance(t, dict)}
    for award in release.get("awards") or []:
        if not isinstance(award, dict) or award.get("status") not in (None, "active"):
            continue
        value = amount_of(award.get("value"))
        if value is not None and ceiling is not None and value > ceiling * (1 + AMOUNT_TOLERANCE):
            issues.append("award_above_ceiling")
        related = bids_by_id.get(str(award.get("relatedBid"))) if award.get("relatedBid") else None
        bid_value = amount_of(related.get("value")) if related else None
        if value is not None and bid_value and abs(value - bid_value) > AMOUNT_TOLERANCE * bid_value:
            issues.append("award_differs_from_bid")
        if award.get("relatedBid") and related is None and details:
            issues.append("award_bid_unknown")
        suppliers = {str(s.get("id")) for s in award.get("suppliers") or [] if isinstance(s, dict)}
        if details and suppliers and not suppliers <= bidder_ids:
            issues.append("supplier_not_bidder")
    number = tender.get("numberOfTenderers")
    if isinstance(number, int) and details and number != len(bidder_ids):
        issues.append("tenderer_count_mismatch")
    end = parse_datetime((tender.get("tenderPeriod") or {}).get("endDate"))
    if end and any((parse_datetime(b.get("date")) or end) > end for b in details):
        issues.append("bid_after_deadline")
    return sorted(set(issues))


def measure_release(release: dict[str, Any], *, received_at: dt.datetime) -> ReleaseQuality:
    fields = required_fields([str(t) for t in release.get("tag") or []])
    missing = [f for f in fields if not _present(release, f.split("."))]
    when = event_date(release)
    lag = int((received_at - when).total_seconds()) if when else None
    return ReleaseQuality(
        completeness=round(1 - len(missing) / len(fields), 4),
        missing=missing,
        lag_seconds=lag,
        consistency_issues=consistency_issues(release),
    )


def timeliness_working_days() -> int:
    return int(rule(TIMELINESS_RULE).part("确定中标人后发布公告的最长工作日"))


def timeliness_deadline(event_at: dt.datetime) -> dt.datetime:
    """The last instant a release reporting an event at ``event_at`` counts as timely (87号令69)."""
    end = calendar.add_working_days(calendar.local_date(event_at), timeliness_working_days())
    return calendar.end_of_day(end.date)


def is_timely(*, received_at: dt.datetime, lag_seconds: int | None, deadlines: dict | None = None) -> bool:
    """Whether a release received at ``received_at``, ``lag_seconds`` after its event, was in time.
    ``deadlines`` caches the deadline per event date across many releases."""
    if lag_seconds is None:
        return False
    event_at = received_at - dt.timedelta(seconds=lag_seconds)
    cache = deadlines if deadlines is not None else {}
    day = calendar.local_date(event_at)
    if day not in cache:
        cache[day] = timeliness_deadline(event_at)
    return received_at <= cache[day]


def score(*, completeness: float, timely_rate: float, consistent_rate: float) -> float:
    return round(
        100
        * (
            WEIGHTS["completeness"] * completeness
            + WEIGHTS["timeliness"] * timely_rate
            + WEIGHTS["consistency"] * consistent_rate
        ),
        1,
    )


ISSUE_LABELS = {
    "award_above_ceiling": "中标金额高于最高投标限价",
    "award_differs_from_bid": "中标金额与对应投标报价不一致",
    "award_bid_unknown": "中标关联的投标不存在",
    "supplier_not_bidder": "中标人不在投标人中",
    "tenderer_count_mismatch": "投标人数量与投标明细不一致",
    "bid_after_deadline": "投标时间晚于截止时间",
}
