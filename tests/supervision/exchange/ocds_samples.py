"""OCDS sample data for supervision tests (intake, alerts, statistics)."""

from __future__ import annotations

import copy
from typing import Any

from ggzy.core.codes import make_uscc

PREFIX = "ocds-test01"


def uscc(n: int) -> str:
    return make_uscc(f"91310000{n:09d}")


def release(
    n: int,
    *,
    rid: str | None = None,
    date: str = "2026-03-10T10:00:00+08:00",
    tag: str = "award",
    bidders: int = 3,
    amounts: list[float] | None = None,
    ceiling: float = 1_000_000.0,
    category: str = "A01",
    district: str = "浦东新区",
    submission: dict | None = None,
    winner: int = 0,
    award_amount: float | None = None,
    status: str = "complete",
    tender_start: str = "2026-02-01T09:00:00+08:00",
    tender_end: str = "2026-03-01T09:30:00+08:00",
    bidder_offset: int = 0,
) -> dict[str, Any]:
    """A compiled-style release for process ``n`` with ``bidders`` bids and an award to ``winner``."""
    ocid = f"{PREFIX}-{n:06d}"
    amounts = amounts or [ceiling * (0.90 + 0.02 * i) for i in range(bidders)]
    buyer_id = uscc(999_000 + n % 7)
    tenderers = [
        {"id": uscc(1000 + bidder_offset + i), "name": f"测试建设公司{bidder_offset + i}"}
        for i in range(len(amounts))
    ]
    details = []
    for i, amount in enumerate(amounts):
        bid = {
            "id": f"{ocid}-bid-{i}",
            "date": "2026-02-28T15:00:00+08:00",
            "status": "valid",
            "tenderers": [tenderers[i]],
            "value": {"amount": amount, "currency": "CNY"},
        }
        if submission is not None:
            bid["submission"] = copy.deepcopy(submission)
        details.append(bid)
    parties = [{"id": buyer_id, "name": "测试招标人", "roles": ["buyer"], "address": {"region": district}}]
    parties += [{"id": t["id"], "name": t["name"], "roles": ["tenderer"]} for t in tenderers]
    result: dict[str, Any] = {
        "ocid": ocid,
        "id": rid or f"{ocid}-{tag}",
        "date": date,
        "tag": [tag],
        "initiationType": "tender",
        "language": "zh",
        "parties": parties,
        "buyer": {"id": buyer_id, "name": "测试招标人"},
        "tender": {
            "id": f"{ocid}-t",
            "title": f"测试项目{n}",
            "status": status,
            "procurementMethod": "open",
            "mainProcurementCategory": "works",
            "value": {"amount": ceiling, "currency": "CNY"},
            "tenderPeriod": {"startDate": tender_start, "endDate": tender_end},
            "items": [{"id": "1", "classification": {"scheme": "GGZY-CATALOGUE", "id": category}}],
            "numberOfTenderers": len(amounts),
        },
        "bids": {"details": details},
    }
    if tag == "award" and amounts:
        amount = award_amount if award_amount is not None else amounts[winner]
        result["awards"] = [
            {
                "id": f"{ocid}-award",
                "status": "active",
                "date": date,
                "value": {"amount": amount, "currency": "CNY"},
                "suppliers": [tenderers[winner]],
                "relatedBid": details[winner]["id"],
            }
        ]
    return result


def package(releases: list[dict[str, Any]], uri: str = "https://sub.example.cn/ocds/p/1") -> dict[str, Any]:
    return {
        "uri": uri,
        "version": "1.1",
        "publishedDate": "2026-03-10T12:00:00+08:00",
        "publisher": {"name": "上海市公共资源交易平台（建设工程交易分平台）"},
        "releases": releases,
    }
