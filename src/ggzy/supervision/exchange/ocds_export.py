"""OCDS releases of the platform's own trading data (综合交易系统), built from the tendering models.

One contracting process (ocid) per section (标段): ``<GGZY_OCID_PREFIX>-<section code>``. Each
process publishes one release per stage, immutable once its event happened, dated by that event:

| release id           | tag                    | when                          | content                           |
|----------------------|------------------------|-------------------------------|-----------------------------------|
| ``<ocid>-tender``    | tender                 | tender published              | buyer, tender, period, value      |
| ``<ocid>-bids``      | tenderUpdate           | opening results revealed      | ``bids.details`` (names, prices)  |
| ``<ocid>-failed``    | tenderUpdate           | 流标                          | tender.status ``unsuccessful``    |
| ``<ocid>-terminated``| tenderCancellation     | 终止                          | tender.status ``cancelled``       |
| ``<ocid>-award``     | award                  | award decided                 | awards, tender.status ``complete``|
| ``<ocid>-contract``  | contract               | contract signed by both       | contracts                         |

Public releases never contain ``submission`` nor anything about bids before the opening results are
revealed (sealed-bids spec §4). The *supervision* form (``confidential=True``) adds every
non-retracted bid with its submission fingerprint — it is fed only to the red-flag engine, and only
once the section's bid deadline has passed (``bids_unsealed``): before it, nothing about any bid
(bidder, bid id, fingerprint, count) is compiled, whatever the bids' status or the worker's timing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Prefetch

from ggzy.core import clock
from ggzy.core.clock import SHANGHAI
from ggzy.core.codes import clean_reference
from ggzy.trading.tendering.models import Bid, Section

from .compile import compile_releases
from .ocds_facts import CATALOGUE_SCHEME

DEFAULT_OCID_PREFIX = (
    "ocds-ggzysh"  # to be replaced by the prefix registered with the Open Contracting Partnership
)
PUBLISHER = {"name": "上海市公共资源交易中心", "scheme": "CN-USCC"}
# GB/T 2260 codes of Shanghai's districts → names (buyer address.region).
DISTRICTS = {
    "310000": "上海市",
    "310100": "上海市",
    "310101": "黄浦区",
    "310104": "徐汇区",
    "310105": "长宁区",
    "310106": "静安区",
    "310107": "普陀区",
    "310109": "虹口区",
    "310110": "杨浦区",
    "310112": "闵行区",
    "310113": "宝山区",
    "310114": "嘉定区",
    "310115": "浦东新区",
    "310116": "金山区",
    "310117": "松江区",
    "310118": "青浦区",
    "310120": "奉贤区",
    "310151": "崇明区",
}
# tendering BidStatus → OCDS bidStatus. Retracted bids (withdrawn before the deadline) are not bids.
BID_STATUS = {
    "submitted": "pending",
    "decrypted": "valid",
    "revoked": "disqualified",
    "withdrawn": "withdrawn",
}
REVEALED_BID_STATUSES = ("decrypted", "revoked", "withdrawn")
STAGES = ("tender", "bids", "failed", "terminated", "award", "contract")


def ocid_prefix() -> str:
    return getattr(settings, "GGZY_OCID_PREFIX", DEFAULT_OCID_PREFIX)


def section_ocid(section) -> str:
    return f"{ocid_prefix()}-{section.code}"


def code_from_ocid(ocid: str) -> str | None:
    prefix = ocid_prefix() + "-"
    return ocid[len(prefix) :] if ocid.startswith(prefix) else None


def iso(value: dt.datetime | None) -> str | None:
    return value.astimezone(SHANGHAI).isoformat() if value else None


def money(amount: Decimal | None, currency: str = "CNY") -> dict[str, Any] | None:
    return None if amount is None else {"amount": float(amount), "currency": currency or "CNY"}


def _org(entity) -> dict[str, str]:
    return {"id": entity.uscc, "name": entity.name}


def _party(entity, roles: list[str], region: str = "") -> dict[str, Any]:
    party: dict[str, Any] = {
        **_org(entity),
        "identifier": {"scheme": "CN-USCC", "id": entity.uscc},
        "roles": roles,
    }
    if region:
        party["address"] = {"region": region}
    return party


def sections_queryset():
    """Sections of published tenders with everything the builders read, in few queries."""
    return (
        Section.objects.filter(tender__published_at__isnull=False)
        .exclude(status="draft")
        .select_related(
            "tender",
            "tender__buyer",
            "tender__agency",
            "tender__procedure_type",
            "award",
            "award__bid",
            "award__bid__bidder",
            "contract",
        )
        .prefetch_related(
            Prefetch("bids", queryset=Bid.objects.select_related("bidder").order_by("received_at", "id"))
        )
    )


def _related(section, name: str):
    try:
        return getattr(section, name)
    except Exception:  # noqa: BLE001 — RelatedObjectDoesNotExist of a reverse one-to-one
        return None


def _base(section, stage: str, tag: str, date: dt.datetime) -> dict[str, Any]:
    ocid = section_ocid(section)
    return {
        "ocid": ocid,
        "id": f"{ocid}-{stage}",
        "date": iso(date),
        "tag": [tag],
        "initiationType": "tender",
        "language": "zh",
    }


def _tender_release(section) -> dict[str, Any]:
    tender = section.tender
    region = DISTRICTS.get(tender.district, tender.district)
    parties = [_party(tender.buyer, ["buyer"], region)]
    if tender.agency_id:
        parties.append(_party(tender.agency, ["procuringEntity"]))
    body = {
        "id": section.code,
        "title": f"{tender.title} {section.title}".strip(),
        "status": "active",
        "procurementMethod": "selective" if tender.procedure_type.invited else "open",
        "procurementMethodDetails": tender.procedure_type.name,
        "tenderPeriod": {"startDate": iso(tender.published_at), "endDate": iso(tender.tender_period_end)},
        "items": [
            {
                "id": "1",
                "description": section.title,
                "classification": {"scheme": CATALOGUE_SCHEME, "id": tender.catalogue_code},
            }
        ],
    }
    value = money(
        section.ceiling_amount if section.ceiling_amount is not None else section.estimated_amount,
        section.currency,
    )
    if value:
        body["value"] = value
    if tender.procedure_type.sector == "works":
        body["mainProcurementCategory"] = "works"
    release = _base(section, "tender", "tender", tender.published_at)
    release.update({"parties": parties, "buyer": _org(tender.buyer), "tender": body})
    return release


def bids_unsealed(section, *, now: dt.datetime | None = None) -> bool:
    """Whether anything about the section's bids may be compiled at all: only once its *current* bid
    deadline (moved by clarifications, read from the row just loaded) has passed on the project clock."""
    return (now or clock.now()) >= section.tender.tender_period_end


def _bid_details(section, *, confidential: bool) -> list[dict[str, Any]]:
    ocid = section_ocid(section)
    details = []
    if not bids_unsealed(section):
        return details  # sealed: no bid exists for anyone before the deadline, supervision included
    for bid in section.bids.all():
        if bid.status not in (BID_STATUS if confidential else REVEALED_BID_STATUSES):
            continue
        item: dict[str, Any] = {
            "id": f"{ocid}-bid-{bid.pk}",
            "date": iso(bid.received_at),
            "status": BID_STATUS[bid.status],
            "tenderers": [_org(bid.bidder)],
        }
        if bid.status == "decrypted" and bid.price_amount is not None:
            item["value"] = money(bid.price_amount, bid.price_currency or section.currency)
        if confidential and bid.fingerprint:
            item["submission"] = {k: str(v) for k, v in bid.fingerprint.items() if v}
        details.append(item)
    return details


def _bids_release(section, *, confidential: bool) -> dict[str, Any] | None:
    when = section.revealed_at
    if when is None and not confidential:
        return None  # sealed: nothing about the bids before the opening results are revealed
    details = _bid_details(section, confidential=confidential)
    if not details:
        return None
    release = _base(section, "bids", "tenderUpdate", when or section.tender.tender_period_end)
    tenderers = {d["tenderers"][0]["id"]: d["tenderers"][0] for d in details}
    release["parties"] = [{**org, "roles": ["tenderer"]} for org in tenderers.values()]
    release["tender"] = {"id": section.code, "numberOfTenderers": len(tenderers)}
    release["bids"] = {"details": details}
    return release


def _outcome_releases(section) -> list[dict[str, Any]]:
    ocid = section_ocid(section)
    out = []
    if section.status in ("failed", "terminated"):
        stage, tag, status = (
            ("failed", "tenderUpdate", "unsuccessful")
            if section.status == "failed"
            else ("terminated", "tenderCancellation", "cancelled")
        )
        release = _base(section, stage, tag, section.updated_at)
        release["tender"] = {"id": section.code, "status": status}
        if section.failure_reason:
            release["tender"]["statusDetails"] = section.failure_reason
        out.append(release)
    award = _related(section, "award")
    if award is not None:
        bid = award.bid
        release = _base(section, "award", "award", award.decided_at)
        release["parties"] = [{**_org(bid.bidder), "roles": ["supplier", "tenderer"]}]
        release["tender"] = {"id": section.code, "status": "complete"}
        item = {
            "id": f"{ocid}-award",
            "status": "active",
            "date": iso(award.decided_at),
            "suppliers": [_org(bid.bidder)],
            "relatedBid": f"{ocid}-bid-{bid.pk}",
        }
        if bid.price_amount is not None:
            item["value"] = money(bid.price_amount, bid.price_currency or section.currency)
        release["awards"] = [item]
        out.append(release)
        contract = _related(section, "contract")
        if contract is not None and contract.signed_at:
            release = _base(section, "contract", "contract", contract.signed_at)
            release["contracts"] = [
                {
                    "id": f"{ocid}-contract",
                    "awardID": f"{ocid}-award",
                    "status": "active",
                    "value": money(contract.amount, section.currency),
                    "dateSigned": iso(contract.signed_at),
                }
            ]
            out.append(release)
    return out


def section_releases(section, *, confidential: bool = False) -> list[dict[str, Any]]:
    """Every release of this section's process so far, oldest first."""
    releases = [_tender_release(section)]
    bids = _bids_release(section, confidential=confidential)
    if bids:
        releases.append(bids)
    releases += _outcome_releases(section)
    return sorted(releases, key=lambda r: (r["date"], r["id"]))


def section_compiled(section, *, confidential: bool = False) -> dict[str, Any]:
    return compile_releases(section_releases(section, confidential=confidential))


def section_by_ocid(ocid: str):
    code = code_from_ocid(clean_reference(ocid))
    return sections_queryset().filter(code=code).first() if code else None


def compiled_releases_for_supervision(*, ocids) -> list[dict[str, Any]]:
    """Compiled releases *with* submission fingerprints and pre-opening bids — engine input only."""
    codes = [c for c in (code_from_ocid(o) for o in ocids) if c]
    return [section_compiled(s, confidential=True) for s in sections_queryset().filter(code__in=codes)]


def compiled_releases_for_statistics(*, codes=None):
    """Public compiled releases of own processes, optionally only of these catalogue codes."""
    qs = sections_queryset()
    if codes is not None:
        qs = qs.filter(tender__catalogue_code__in=list(codes))
    for section in qs.iterator(chunk_size=200):
        yield section_compiled(section)
