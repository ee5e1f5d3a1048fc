"""What the public may see of a sub-platform's releases: 信息公开 notices and the public OCDS endpoints.

- ``public_release``: a release as published — without bid fingerprints (``submission``) ever, and
  before the reported bid deadline without anything about bids (``ocds_facts.without_sealed_bids``).
- ``notices_publish``: one notice per newly received release, called inside the intake transaction.
  Idempotent per release id because intake is: a re-sent identical release is not new and publishes
  nothing; a changed release is refused (409) and a correction is a new release id, which publishes a
  new notice (notices are never edited — 20号令; the feed only ever grows, docs/portal.md).
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from ggzy.core import clock
from ggzy.core.exceptions import NotFound
from ggzy.hub.publication.districts import normalise_district
from ggzy.hub.publication.models import Notice
from ggzy.hub.publication.services import notice_publish

from . import ocds_facts
from .models import ExchangeSource, IntakeRelease

# First matching tag wins, so a release tagged ["award", "contract"] is announced as a contract.
KIND_BY_TAG: tuple[tuple[str, str], ...] = (
    ("contractTermination", Notice.Kind.TERMINATION),
    ("implementation", Notice.Kind.PERFORMANCE),
    ("implementationUpdate", Notice.Kind.PERFORMANCE),
    ("contract", Notice.Kind.CONTRACT),
    ("contractUpdate", Notice.Kind.AMENDMENT),
    ("contractAmendment", Notice.Kind.AMENDMENT),
    ("award", Notice.Kind.AWARD),
    ("awardUpdate", Notice.Kind.AMENDMENT),
    ("awardCancellation", Notice.Kind.AMENDMENT),
    ("tenderCancellation", Notice.Kind.TERMINATION),
    ("tenderAmendment", Notice.Kind.AMENDMENT),
    ("tenderUpdate", Notice.Kind.AMENDMENT),
    ("tender", Notice.Kind.TENDER),
    ("planning", Notice.Kind.PROCUREMENT_INTENT),
    ("planningUpdate", Notice.Kind.PROCUREMENT_INTENT),
)
# Kinds that are about bids: before the bid deadline there is nothing to announce.
BID_KINDS = {Notice.Kind.AWARD, Notice.Kind.CONTRACT, Notice.Kind.PERFORMANCE}
CITY = "310000"


def public_release(release: dict[str, Any], *, now: dt.datetime | None = None) -> dict[str, Any]:
    visible = copy.deepcopy(ocds_facts.without_sealed_bids(release, now=now or clock.now()))
    for bid in (
        ((visible.get("bids") or {}).get("details") or []) if isinstance(visible.get("bids"), dict) else []
    ):
        if isinstance(bid, dict):
            bid.pop("submission", None)
    return visible


def notice_kind(tags: list[str]) -> str:
    for tag, kind in KIND_BY_TAG:
        if tag in tags:
            return kind
    return Notice.Kind.GENERAL


def _money(value: Any) -> str:
    amount = ocds_facts.amount_of(value)
    if amount is None:
        return ""
    return f"{amount:,.2f} {(value or {}).get('currency') or 'CNY'}"


def _shanghai(value: Any) -> str:
    parsed = ocds_facts.parse_datetime(value)
    return parsed.astimezone(clock.SHANGHAI).strftime("%Y-%m-%d %H:%M") if parsed else ""


def notice_body(release: dict[str, Any], *, source: ExchangeSource) -> str:
    tender = release.get("tender") or {}
    buyer = release.get("buyer") or {}
    period = tender.get("tenderPeriod") or {}
    lines = [
        f"项目名称：{tender.get('title') or tender.get('id') or release.get('ocid')}",
        f"项目编号：{tender.get('id') or ''}",
        f"招标人/采购人：{buyer.get('name') or ''}",
    ]
    if _money(tender.get("value")):
        lines.append(f"最高限价/估算价：{_money(tender.get('value'))}")
    if period.get("endDate"):
        lines.append(f"投标截止时间：{_shanghai(period.get('endDate'))}")
    if tender.get("description"):
        lines.append(f"项目概况：{tender['description']}")
    for award in release.get("awards") or []:
        suppliers = "、".join(
            s.get("name") or "" for s in award.get("suppliers") or [] if isinstance(s, dict)
        )
        lines.append(f"中标（成交）人：{suppliers}；中标金额：{_money(award.get('value'))}")
    for contract in release.get("contracts") or []:
        lines.append(
            f"合同：{contract.get('title') or contract.get('id')}；金额：{_money(contract.get('value'))}"
        )
    lines += [
        "",
        f"信息来源：{source.name}（交易分平台，OCDS 发布 {release.get('id')}，ocid {release.get('ocid')}）",
    ]
    return "\n".join(lines)


def notices_publish(
    *, source: ExchangeSource, rows: list[IntakeRelease], catalogue_codes: dict[str, str]
) -> int:
    """Publish the new ``rows`` (stored in this transaction) as notices; returns how many were published.

    Not published: a release of a process without a catalogue entry (the notice must sit under one —
    the data-quality page counts it as missing ``classification``), and a release about bids, awards or
    contracts while its reported bid deadline lies ahead."""
    now = clock.now()
    published = 0
    for row in rows:
        kind = notice_kind(list(row.tags or []))
        if kind in BID_KINDS and ocds_facts.bids_sealed(row.content, now=now):
            continue
        code = catalogue_codes.get(row.ocid) or ""
        if not code:
            continue
        release = public_release(row.content, now=now)
        tender = release.get("tender") or {}
        title = str(tender.get("title") or tender.get("id") or row.ocid)
        label = Notice.Kind(kind).label
        project_code = str(tender.get("id") or "").strip()
        try:
            notice_publish(
                actor=None,
                kind=kind,
                title=f"{title}{label}"[:300],
                body=notice_body(release, source=source),
                catalogue_code=code,
                district=normalise_district(ocds_facts.district(release)) or CITY,
                source=row,
                project_code=project_code if len(project_code) <= 20 else "",
            )
        except NotFound:
            continue  # a catalogue code the catalogue does not know: counted by the data-quality check
        published += 1
    return published
