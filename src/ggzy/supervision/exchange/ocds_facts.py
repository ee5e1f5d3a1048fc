"""What supervision reads from one compiled OCDS release — the single code path for intake records
and the platform's own trading data (statistics, routing of alerts, data quality).

Conventions of this platform (documented in docs/supervision.md):
- catalogue category: ``tender.items[].classification`` with scheme ``GGZY-CATALOGUE`` (the 公共资源交易目录
  code); a sub-platform that serves one catalogue entry may omit it.
- district: the buyer's ``address.region`` (``parties[]`` with role ``buyer``).
- sealed bids: before ``tender.tenderPeriod.endDate`` nothing about a bid reaches supervision
  (``without_sealed_bids``); a release without an end date is taken as reported.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

CATALOGUE_SCHEME = "GGZY-CATALOGUE"
UNSUCCESSFUL_TENDER_STATUSES = {"unsuccessful", "cancelled", "withdrawn"}
LIVE_BID_STATUSES = {None, "", "pending", "valid"}


def parse_datetime(value: Any) -> dt.datetime | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def amount_of(value: Any) -> float | None:
    if isinstance(value, dict):
        amount = value.get("amount")
        if isinstance(amount, int | float) and not isinstance(amount, bool):
            return float(amount)
    return None


def catalogue_code(release: dict[str, Any]) -> str:
    for item in (release.get("tender") or {}).get("items") or []:
        classification = (item or {}).get("classification") or {}
        if classification.get("scheme") == CATALOGUE_SCHEME and classification.get("id"):
            return str(classification["id"]).strip().upper()[:20]
    return ""


def district(release: dict[str, Any]) -> str:
    buyer_id = (release.get("buyer") or {}).get("id")
    for party in release.get("parties") or []:
        if not isinstance(party, dict):
            continue
        if "buyer" in (party.get("roles") or []) or (buyer_id and party.get("id") == buyer_id):
            region = (party.get("address") or {}).get("region")
            if region:
                return str(region)[:40]
    return ""


def bids_sealed(release: dict[str, Any], *, now: dt.datetime) -> bool:
    """True while the process's reported bid deadline (``tender.tenderPeriod.endDate``) is in the future."""
    end = parse_datetime(((release.get("tender") or {}).get("tenderPeriod") or {}).get("endDate"))
    return end is not None and now < end


def without_sealed_bids(release: dict[str, Any], *, now: dt.datetime) -> dict[str, Any]:
    """The release as supervision may see it at ``now``: before the bid deadline, without ``bids``, awards,
    the tenderers among ``parties`` and the number of tenderers (the release itself is not changed)."""
    if not bids_sealed(release, now=now):
        return release
    if (
        not release.get("bids")
        and not release.get("awards")
        and not any(
            "tenderer" in ((p or {}).get("roles") or []) or "supplier" in ((p or {}).get("roles") or [])
            for p in release.get("parties") or []
            if isinstance(p, dict)
        )
    ):
        return release
    clean = copy.deepcopy(release)
    clean.pop("bids", None)
    clean.pop("awards", None)
    clean.pop("contracts", None)
    if isinstance(clean.get("tender"), dict):
        clean["tender"].pop("numberOfTenderers", None)
        clean["tender"].pop("tenderers", None)
    parties = []
    for party in clean.get("parties") or []:
        roles = [r for r in ((party or {}).get("roles") or []) if r not in ("tenderer", "supplier")]
        if isinstance(party, dict) and roles:
            parties.append({**party, "roles": roles})
    if "parties" in clean:
        clean["parties"] = parties
    return clean


@dataclass
class ProcessFacts:
    """One contracting process as the dashboards and data-quality checks need it."""

    ocid: str
    catalogue_code: str
    district: str
    category: str  # mainProcurementCategory
    tender_status: str
    budget: float | None  # tender.value: ceiling / control price, else estimate
    award_value: float | None
    winners: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # winner id → name
    bidders: list[str] = field(default_factory=list)
    bid_amounts: list[float] = field(default_factory=list)
    tender_start: dt.datetime | None = None
    tender_end: dt.datetime | None = None
    award_date: dt.datetime | None = None
    contract_date: dt.datetime | None = None
    date: dt.datetime | None = None

    @property
    def month(self) -> str:
        when = self.award_date or self.tender_end or self.date
        return when.astimezone(dt.timezone(dt.timedelta(hours=8))).strftime("%Y-%m") if when else ""

    @property
    def failed(self) -> bool:
        return self.tender_status in UNSUCCESSFUL_TENDER_STATUSES

    @property
    def awarded(self) -> bool:
        return self.award_value is not None

    @property
    def savings_rate(self) -> float | None:
        if self.budget and self.award_value is not None and self.budget > 0:
            return (self.budget - self.award_value) / self.budget
        return None


def facts(release: dict[str, Any]) -> ProcessFacts:
    tender = release.get("tender") or {}
    period = tender.get("tenderPeriod") or {}
    bids = [b for b in ((release.get("bids") or {}).get("details") or []) if isinstance(b, dict)]
    bidders: list[str] = []
    amounts: list[float] = []
    for bid in bids:
        if bid.get("status") not in LIVE_BID_STATUSES and bid.get("status") != "disqualified":
            continue  # withdrawn bids do not count as participation
        for tenderer in bid.get("tenderers") or []:
            if isinstance(tenderer, dict) and tenderer.get("id") and tenderer["id"] not in bidders:
                bidders.append(str(tenderer["id"]))
        amount = amount_of(bid.get("value"))
        if amount is not None and bid.get("status") in LIVE_BID_STATUSES:
            amounts.append(amount)
    active_awards = [
        a for a in release.get("awards") or [] if isinstance(a, dict) and a.get("status") in (None, "active")
    ]
    award_values = [v for v in (amount_of(a.get("value")) for a in active_awards) if v is not None]
    winners: list[str] = []
    names: dict[str, str] = {}
    for award in active_awards:
        for supplier in award.get("suppliers") or []:
            if isinstance(supplier, dict) and supplier.get("id") and supplier["id"] not in winners:
                winners.append(str(supplier["id"]))
                names[str(supplier["id"])] = str(supplier.get("name") or "")
    award_dates = [d for d in (parse_datetime(a.get("date")) for a in active_awards) if d]
    contract_dates = [
        d for d in (parse_datetime((c or {}).get("dateSigned")) for c in release.get("contracts") or []) if d
    ]
    return ProcessFacts(
        ocid=str(release.get("ocid", "")),
        catalogue_code=catalogue_code(release),
        district=district(release),
        category=str(tender.get("mainProcurementCategory") or ""),
        tender_status=str(tender.get("status") or ""),
        budget=amount_of(tender.get("value")),
        award_value=sum(award_values) if award_values else None,
        winners=winners,
        names=names,
        bidders=bidders,
        bid_amounts=amounts,
        tender_start=parse_datetime(period.get("startDate")),
        tender_end=parse_datetime(period.get("endDate")),
        award_date=min(award_dates) if award_dates else None,
        contract_date=min(contract_dates) if contract_dates else None,
        date=parse_datetime(release.get("date")),
    )
