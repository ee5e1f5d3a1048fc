"""Deadline, remote opening (不见面开标) and the reveal (sealed-bids spec §4; 20号令 Art.30–32; 条例44).

- At the deadline: fewer active bids than the procedure's minimum → 流标 (no opening); else the
  section enters the opening window.
- During the window each bidder sends its CEK; the platform decrypts and checks the signed digest at
  once but shows nothing until every bid is decided or the window has closed, then reveals all.
- A failing CEK, or none by the window's end, is the bidder's fault: ``revoked`` (撤销). A platform
  failure is ``withdrawn`` (撤回).
"""

from __future__ import annotations

import logging
from decimal import Decimal

from django.db import transaction

from ggzy.core import audit, clock
from ggzy.core.crypto.bid_content import DEFAULT_ALLOWED_MEDIA_TYPES
from ggzy.core.crypto.envelope import DecryptionFailed, open_envelope, parse_bid_content
from ggzy.core.crypto.jose import b64url_decode
from ggzy.core.exceptions import Conflict, Forbidden, GgzyError, InvalidInput, NotFound

from ..conf import bid_max_bytes
from ..declared import declared_items
from ..models import Bid, BidContent, OpeningObjection, Section, envelope_text
from ..notices import publish_notice
from ..rules import opening_objection_open
from ..states import BID, SECTION, BidStatus, SectionStatus
from .common import lock_bid, lock_section, require_bidder, require_manager

log = logging.getLogger(__name__)
CEK_BYTES = 32  # A256GCM


def _notice_money(amount) -> str:
    return f"{amount:,.2f} 元" if amount is not None else "—"


def section_close_bidding(*, section: Section) -> Section:
    """BIDDING → OPENING, or → FAILED (流标) with fewer than the minimum bids. Caller holds the row lock."""
    procedure = section.tender.procedure_type
    count = section.bids.filter(status=BidStatus.SUBMITTED).count()
    section.closed_bid_count = count
    if count < procedure.min_bidders:
        section.failure_reason = (
            f"投标人少于{procedure.min_bidders}个，不予开标（{procedure.basis('min_bidders')}）"
        )
        section.next_check_at = None
        SECTION.move(
            section,
            SectionStatus.FAILED,
            actor=None,
            extra_fields=["closed_bid_count", "failure_reason", "next_check_at", "updated_at"],
            audit_action="section.failed",
            audit_details={"bids": count},
        )
        publish_notice(
            actor=None,
            kind="termination",
            tender=section.tender,
            title=f"{section.tender.title} {section.title} 流标公告",
            source=section,
            body=f"标段编号：{section.code}\n投标截止时递交投标文件的投标人：{count} 个\n{section.failure_reason}\n"
            "招标人可依法重新招标。",
        )
        return section
    section.next_check_at = section.opening_window_end
    SECTION.move(
        section,
        SectionStatus.OPENING,
        actor=None,
        extra_fields=["closed_bid_count", "next_check_at", "updated_at"],
        audit_action="section.bidding_closed",
        audit_details={"bids": count},
    )
    return section


def section_reveal(*, section: Section, actor=None) -> Section:
    """OPENING → OPENED: undecided bids are revoked, all results shown at once. Caller holds the lock."""
    now = clock.now()
    undecided = list(section.bids.select_for_update().filter(status=BidStatus.SUBMITTED))
    if undecided and now < section.opening_window_end:
        raise Conflict("解密时限未到且仍有投标人未解密", code="opening_in_progress")
    for bid in undecided:
        bid.failure_code, bid.decided_at = "no_key", now
        BID.move(
            bid,
            BidStatus.REVOKED,
            actor=actor,
            reason="解密时限内未提交密钥",
            extra_fields=["failure_code", "decided_at"],
        )
    section.revealed_at, section.next_check_at = now, None
    SECTION.move(
        section,
        SectionStatus.OPENED,
        actor=actor,
        extra_fields=["revealed_at", "next_check_at", "updated_at"],
        audit_action="section.revealed",
        audit_details={
            "decided": section.bids.exclude(status=BidStatus.RETRACTED).count(),
            "revokedForNoKey": [b.pk for b in undecided],
        },
    )
    lines = [
        f"标段编号：{section.code}",
        f"开标时间：{section.tender.opening_at.astimezone(clock.SHANGHAI):%Y-%m-%d %H:%M}",
        f"公布时间：{now.astimezone(clock.SHANGHAI):%Y-%m-%d %H:%M:%S}",
        "",
    ]
    for bid in (
        section.bids.filter(status__in=[BidStatus.DECRYPTED, BidStatus.REVOKED, BidStatus.WITHDRAWN])
        .select_related("bidder")
        .order_by("received_at", "id")
    ):
        declared = "；".join(f"{k}：{v}" for k, v in declared_items(bid.declared))
        lines.append(
            f"{bid.bidder.name}（{bid.bidder.uscc}） {bid.get_status_display()} "
            f"报价：{_notice_money(bid.price_amount)} {declared}".rstrip()
        )
    publish_notice(
        actor=actor,
        kind="opening",
        tender=section.tender,
        source=section,
        title=f"{section.tender.title} {section.title} 开标记录",
        body="\n".join(lines),
    )
    return section


def _jsonable(value):
    """Declared items may hold exact Decimals: keep them exact as strings."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def _decrypt(bid: Bid, cek: bytes, section_id: str) -> tuple[str, str, dict | None]:
    """(status, failure code, parsed content); never raises for bidder-side failures."""
    try:
        plaintext = open_envelope(
            envelope=envelope_text(bid),
            cek=cek,
            plaintext_sha256=bid.manifest_payload["plaintextSha256"],
            envelope_sha256=bid.manifest_payload["envelopeSha256"],
        )
    except DecryptionFailed as exc:  # 20号令 Art.31: bidder's fault → 撤销, else → 撤回
        return (BidStatus.REVOKED if exc.bidder_fault else BidStatus.WITHDRAWN), exc.code, None
    except Exception:  # storage/library failure: not the bidder's fault → 撤回
        log.exception("platform failure decrypting bid %s", bid.pk)
        return BidStatus.WITHDRAWN, "platform_error", None
    try:
        content = parse_bid_content(
            plaintext=plaintext,
            section_id=section_id,
            bidder_uscc=bid.bidder.uscc,
            allowed_media_types=DEFAULT_ALLOWED_MEDIA_TYPES,
            max_file_bytes=bid_max_bytes(),
        )
    except GgzyError as exc:  # the bidder signed content that breaks the format: its own fault → 撤销
        return BidStatus.REVOKED, exc.code, None
    return BidStatus.DECRYPTED, "", content


def bid_key_submit(*, actor, bid: Bid, cek: str) -> Bid:
    """The bidder's content key at the opening. The outcome is stored but hidden until the reveal."""
    # local import: transitions ↔ opening (the deadline engine imports this module's transitions)
    from .transitions import section_apply_due

    entity = require_bidder(actor)
    bid = Bid.objects.select_related("section", "section__tender", "bidder").filter(pk=bid.pk).first()
    if bid is None or bid.bidder_id != entity.pk:
        raise NotFound()
    section_apply_due(section_id=bid.section_id)
    section = Section.objects.select_related("tender").get(pk=bid.section_id)
    now = clock.now()
    if section.status != SectionStatus.OPENING or now < section.tender.opening_at:
        raise Conflict(
            "当前不在解密时限内",
            code="not_opening_window",
            details={"openingAt": section.tender.opening_at.isoformat()},
        )
    if bid.status != BidStatus.SUBMITTED:
        raise Conflict("该投标文件已完成解密或已撤回", code="already_decided")
    try:
        raw_cek = b64url_decode(cek)
    except ValueError as exc:
        raise InvalidInput("cek 应为 base64url 编码", code="invalid_cek") from exc
    if len(raw_cek) != CEK_BYTES:
        raise InvalidInput("cek 长度应为32字节", code="invalid_cek")
    status, failure, content = _decrypt(bid, raw_cek, str(section.pk))
    with transaction.atomic():
        section = lock_section(section.pk)
        bid = lock_bid(bid.pk)
        now = clock.now()
        if section.status != SectionStatus.OPENING or now >= section.opening_window_end:
            raise Conflict("解密时限已过", code="opening_window_closed")
        if bid.status != BidStatus.SUBMITTED:
            raise Conflict("该投标文件已完成解密或已撤回", code="already_decided")
        bid.key_received_at = bid.decided_at = now
        bid.failure_code = failure
        fields = ["key_received_at", "decided_at", "failure_code"]
        if content is not None:
            bid.price_amount = content["price"]["amount"]
            bid.price_currency = content["price"]["currency"]
            bid.declared = _jsonable(content["declared"])
            bid.files = [{k: f[k] for k in ("name", "mediaType", "size", "sha256")} for f in content["files"]]
            fields += ["price_amount", "price_currency", "declared", "files"]
            BidContent.objects.create(
                bid=bid, cek=raw_cek, plaintext_sha256=bid.manifest_payload["plaintextSha256"]
            )
        # The outcome stays hidden until the reveal: the audit record names neither state.
        BID.move(
            bid,
            status,
            actor=actor,
            extra_fields=fields,
            audit_action="bid.key_submitted",
            audit_details={"section": section.code},
            audit_states=False,
        )
        if not section.bids.filter(status=BidStatus.SUBMITTED).exists():
            section_reveal(section=section, actor=None)
    return bid


def bid_plaintext(bid: Bid) -> bytes:
    """The opened bid's content bytes (for the evaluation), decrypted again from the stored envelope
    with the CEK the bidder sent at the opening. Before the opening there is no CEK: NotFound."""
    content = BidContent.objects.filter(bid_id=bid.pk).first()
    if content is None:
        raise NotFound("投标文件尚未解密", code="bid_not_opened")
    return open_envelope(
        envelope=envelope_text(bid),
        cek=bytes(content.cek),
        plaintext_sha256=content.plaintext_sha256,
        envelope_sha256=bid.manifest_payload["envelopeSha256"],
    )


def _require_opening_participant(actor, section: Section):
    entity = require_bidder(actor)
    if not section.bids.filter(bidder=entity).exclude(status=BidStatus.RETRACTED).exists():
        raise Forbidden("仅参加开标的投标人可提出开标异议", code="not_opening_participant")
    return entity


@transaction.atomic
def opening_objection_raise(*, actor, section: Section, text: str) -> OpeningObjection:
    """异议 at the opening (条例44): while the opening is on (window, or the opening day after the reveal)."""
    section = lock_section(section.pk)
    entity = _require_opening_participant(actor, section)
    now = clock.now()
    if not opening_objection_open(section, status=section.status, now=now):
        raise Conflict("开标异议应当在开标现场提出", code="not_at_opening")
    text = (text or "").strip()
    if not text or len(text) > 5000:
        raise InvalidInput("异议内容不能为空", code="invalid_text")
    row = OpeningObjection.objects.create(
        section=section, entity=entity, raised_by=actor, text=text, raised_at=now
    )
    audit.record(
        actor=actor, action="opening.objection_raised", target=row, payload={"section": section.code}
    )
    return row


@transaction.atomic
def opening_objection_answer(*, actor, objection: OpeningObjection, answer: str) -> OpeningObjection:
    objection = (
        OpeningObjection.objects.select_for_update().select_related("section__tender").get(pk=objection.pk)
    )
    require_manager(actor, objection.section.tender)
    if objection.answered_at:
        raise Conflict("该异议已答复", code="already_answered")
    answer = (answer or "").strip()
    if not answer:
        raise InvalidInput("答复不能为空", code="invalid_text")
    objection.answer, objection.answered_at, objection.answered_by = answer, clock.now(), actor
    objection.save(update_fields=["answer", "answered_at", "answered_by"])
    audit.record(actor=actor, action="opening.objection_answered", target=objection, payload={})
    return objection
