"""Sealed bid submission and withdrawal before the deadline (sealed-bids spec §3; 20号令 Art.26–27).

Expensive checks (signature, digest over megabytes) run before the transaction; inside it the section
row is locked and the deadline re-checked against server time, so a bid is either stored with its
receipt or refused — never half-written, never accepted late.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from ggzy.core import audit, clock
from ggzy.core.context import current
from ggzy.core.crypto.envelope import manifest_kid, parse_envelope, sign_receipt, verify_submission
from ggzy.core.exceptions import Conflict, Forbidden, InvalidInput, NotFound
from ggzy.parties.models import EntityKey

from .. import rules
from ..conf import FINGERPRINT_FIELDS, FINGERPRINT_VALUE_MAX, bid_max_bytes, bid_max_submissions_per_section
from ..envelope_store import archive_after_commit
from ..models import Bid, BidEnvelope, Registration, Section
from ..states import BID, BidStatus
from .common import lock_bid, lock_section, require_bidder


def section_id_text(section: Section) -> str:
    """The ``sectionId`` bidders sign into the envelope and manifest (the API id, as a string)."""
    return str(section.pk)


def _deadline_passed(section: Section) -> Conflict:
    return Conflict(
        "投标截止时间已过，不再接受投标文件",
        code="deadline_passed",
        details={"deadline": section.tender.tender_period_end.isoformat()},
    )


def _clean_fingerprint(raw: Any) -> dict[str, str]:
    if raw in (None, ""):
        raw = {}
    if not isinstance(raw, dict):
        raise InvalidInput("fingerprint 应为对象", code="invalid_fingerprint")
    clean = {}
    for key, value in raw.items():
        if key not in FINGERPRINT_FIELDS or value in (None, ""):
            continue
        if not isinstance(value, str) or len(value) > FINGERPRINT_VALUE_MAX:
            raise InvalidInput(
                "fingerprint 字段格式不正确", code="invalid_fingerprint", details={"field": key}
            )
        clean[key] = value
    clean["ipAddress"] = current().ip or clean.get("ipAddress", "")  # the server sees the real upload IP
    return {k: v for k, v in clean.items() if v}


def _check_submission_count(section: Section, entity) -> None:
    """Finding 9: every upload is kept on record (and on disk until the retention ends), so a bidder's
    uploads to one section, withdrawals and resubmissions included, are limited."""
    limit = bid_max_submissions_per_section()
    if Bid.objects.filter(section=section, bidder=entity).count() >= limit:
        raise Conflict(
            f"同一标段每个投标人最多递交{limit}次投标文件（含撤回后重新递交），已达上限",
            code="too_many_submissions",
            details={"limit": limit},
        )


def _entity_key(entity, kid: str, use: str) -> EntityKey:
    key = EntityKey.objects.filter(entity=entity, kid=kid, use=use, revoked_at__isnull=True).first()
    if key is None:
        raise InvalidInput(
            "未找到已登记的有效公钥（kid）", code="unknown_key", details={"kid": kid, "use": use}
        )
    return key


def _header_kids(envelope: str, manifest: str) -> tuple[str, str]:
    """(enc kid from the JWE protected header, sig kid from the manifest header) — not verified yet."""
    return parse_envelope(envelope).kid, manifest_kid(manifest)


def bid_submit(*, actor, section: Section, envelope: str, manifest: str, fingerprint: Any = None) -> Bid:
    """Store a sealed bid and return it with its platform-signed receipt. A bidder's earlier bid for the
    same section is withdrawn by the new one (修改 = 撤回 + 重新递交, before the deadline only)."""
    entity = require_bidder(actor)
    section = Section.objects.select_related("tender").filter(pk=section.pk).first()
    if section is None:
        raise NotFound()
    if not isinstance(envelope, str) or not isinstance(manifest, str):
        raise InvalidInput("envelope 与 manifest 应为字符串", code="invalid_envelope")
    if clock.now() >= section.tender.tender_period_end:
        raise _deadline_passed(section)
    if not Registration.objects.filter(section=section, entity=entity).exists():
        raise Forbidden("请先报名该标段", code="not_registered")
    _check_submission_count(section, entity)  # cheap, before the expensive checks; again under the lock
    limit = bid_max_bytes()
    if len(envelope) > limit:
        raise InvalidInput("投标文件超过大小上限", code="envelope_too_large", details={"maxBytes": limit})
    enc_kid, sig_kid = _header_kids(envelope, manifest)
    _entity_key(entity, enc_kid, EntityKey.Use.ENC)
    sig_key = _entity_key(entity, sig_kid, EntityKey.Use.SIG)
    payload = verify_submission(
        envelope=envelope,
        manifest=manifest,
        section_id=section_id_text(section),
        bidder_uscc=entity.uscc,
        sig_jwk=sig_key.jwk,
        enc_kid=enc_kid,
        max_bytes=limit,
    )
    # verify_submission compared the digest of exactly these bytes with the signed one; no second UTF-8 copy
    # of a multi-megabyte envelope just to hash it again (finding 10).
    envelope_sha256 = payload["envelopeSha256"]
    envelope_size = len(envelope) if envelope.isascii() else len(envelope.encode("utf-8"))
    clean_fp = _clean_fingerprint(fingerprint)
    with transaction.atomic():
        section = lock_section(section.pk)
        now = clock.now()  # server time, after the lock: the moment of acceptance
        if not rules.bidding_open(section, status=section.status, now=now):
            raise _deadline_passed(section)
        _check_submission_count(section, entity)
        previous = list(
            Bid.objects.select_for_update().filter(section=section, bidder=entity, status=BidStatus.SUBMITTED)
        )
        for old in previous:
            old.retracted_at = now
            BID.move(
                old,
                BidStatus.RETRACTED,
                actor=actor,
                reason="被新递交的投标文件替换",
                extra_fields=["retracted_at"],
                audit_details={"section": section.code},
            )
        archive_after_commit([old.pk for old in previous])
        bid = Bid.objects.create(
            section=section,
            bidder=entity,
            submitted_by=actor,
            envelope_sha256=envelope_sha256,
            envelope_size=envelope_size,
            manifest=manifest,
            manifest_payload=payload,
            enc_kid=enc_kid,
            sig_kid=sig_kid,
            fingerprint=clean_fp,
            receipt="",
            received_at=now,
        )
        bid.receipt = sign_receipt(
            bid_id=str(bid.pk),
            section_id=section_id_text(section),
            bidder=entity.uscc,
            envelope_sha256=envelope_sha256,
            received_at=now,
        )
        bid.save(update_fields=["receipt"])
        BidEnvelope.objects.create(bid=bid, text=envelope)
        audit.record(
            actor=actor,
            action="bid.submitted",
            target=bid,
            payload={
                "section": section.code,
                "envelopeSha256": envelope_sha256,
                "size": envelope_size,
                "replaces": [b.pk for b in previous],
            },
        )
    return bid


@transaction.atomic
def bid_retract(*, actor, bid: Bid) -> Bid:
    """DELETE /bids/{id}: the bidder withdraws its bid before the deadline."""
    entity = require_bidder(actor)
    owner = Bid.objects.filter(pk=bid.pk).values_list("bidder_id", "section_id").first()
    if owner is None or owner[0] != entity.pk:
        raise NotFound()
    section = lock_section(owner[1])  # same lock order as bid_submit: section, then bid
    bid = lock_bid(bid.pk)
    now = clock.now()
    if not rules.bidding_open(section, status=section.status, now=now):
        raise _deadline_passed(section)
    if bid.status != BidStatus.SUBMITTED:
        raise Conflict("该投标文件已撤回", code="already_retracted")
    bid.retracted_at = now
    BID.move(
        bid,
        BidStatus.RETRACTED,
        actor=actor,
        extra_fields=["retracted_at"],
        audit_action="bid.retracted",
        audit_details={"section": section.code},
    )
    archive_after_commit([bid.pk])
    return bid
