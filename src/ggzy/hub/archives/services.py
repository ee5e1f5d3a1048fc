"""Every write of the archives: building bags, fixity checks, legal holds and disposal (two people)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import uuid
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction

from ggzy.core import audit, clock
from ggzy.core.exceptions import Conflict, Forbidden, InvalidInput
from ggzy.core.legal_rules import cite, rule
from ggzy.parties.permissions import require_role
from ggzy.parties.roles import Role

from . import audit_export, bagging, conf, rules
from .models import Archive, DisposalRequest, FixityCheck, LegalHold
from .sources import ArchiveSource, contributed_files, providers
from .states import ARCHIVE, DISPOSAL, ArchiveStatus, DisposalStatus

SHANGHAI = ZoneInfo("Asia/Shanghai")
RETENTION_RULE = "采购法42"
KEEPERS = (Role.OPERATOR, Role.ADMIN)
REASON_MAX = 300


def _reason(reason: str) -> str:
    """A hold, its lifting and a disposal request each need a reason (pages and API alike)."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("请填写理由", code="reason_required")
    if len(reason) > REASON_MAX:
        raise InvalidInput(f"理由不超过{REASON_MAX}字", code="reason_too_long", details={"max": REASON_MAX})
    return reason


def retention_until(finished_at: dt.datetime) -> dt.date:
    """The finishing day (Shanghai) plus the legal minimum in years; 29 February → 1 March (never shorter)."""
    day = finished_at.astimezone(SHANGHAI).date()
    years = int(rule(RETENTION_RULE).value)
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return dt.date(day.year + years, 3, 1)


def _folder_name(source: ArchiveSource, at: dt.datetime) -> str:
    ref = re.sub(r"[^A-Za-z0-9_-]", "_", source.ref)[:60]
    return f"{source.kind}-{ref}-{at.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"


def archive_build(*, source: ArchiveSource, previous: Archive | None = None) -> Archive | None:
    """Build the bag of a finished trade (or a new bag linked to ``previous`` for later facts).

    Returns None, writing nothing, while an audit record of the trade is not covered by a seal yet (the worker
    tries again after the next seal) or when another worker built the same first bag meanwhile."""
    records = audit_export.records_for(source.audit_targets)
    seals_of = audit_export.covering_seals(records)
    if seals_of is None:
        return None
    records_jsonl, seals_json, audit_root = audit_export.export(records, seals_of)
    now = clock.now()
    until = retention_until(source.finished_at)
    files = {**source.files, **contributed_files(source.kind, source.ref)}
    files["audit/records.jsonl"] = records_jsonl
    files["audit/seals.json"] = seals_json
    info = {
        "Source-Organization": conf.source_organization(),
        "External-Identifier": source.ref,
        "External-Description": source.title,
        "Bagging-Date": now.astimezone(SHANGHAI).date().isoformat(),
        "Ggzy-Retention-Until": until.isoformat(),
        "Ggzy-Audit-Root": audit_root,
        "Ggzy-Kind": source.kind,
        "Ggzy-Outcome": source.outcome,
        "Ggzy-Legal-Basis": f"{cite(RETENTION_RULE)}；电子招标投标办法",
        **dict(source.extra_info),
    }
    if previous is not None:
        info["Ggzy-Previous-Bag"] = previous.path
    root = conf.archive_root()
    written = bagging.write_bag(root=root, name=_folder_name(source, now), files=files, info=info)
    try:
        with transaction.atomic():
            archive = Archive.objects.create(
                kind=source.kind,
                ref=source.ref,
                title=source.title[:300],
                outcome=source.outcome[:40],
                catalogue_code=source.catalogue_code,
                buyer_uscc=source.buyer_uscc,
                agency_uscc=source.agency_uscc,
                regulator_usccs=sorted(set(source.regulator_usccs)),
                finished_at=source.finished_at,
                created_at=now,
                retention_until=until,
                path=written.path.name,
                payload_oxum=written.payload_oxum,
                manifest_sha256=written.manifest_sha256,
                tagmanifest_sha256=written.tagmanifest_sha256,
                audit_root=audit_root,
                previous=previous,
                next_fixity_at=now + conf.fixity_interval(),
            )
            audit.record(
                actor=None,
                action="archive.created",
                target=archive,
                payload={
                    "ref": source.ref,
                    "kind": source.kind,
                    "path": archive.path,
                    "manifest_sha256": written.manifest_sha256,
                    "audit_root": audit_root,
                    "retention_until": until.isoformat(),
                    "previous": previous.pk if previous else None,
                },
            )
    except IntegrityError:
        shutil.rmtree(written.path, ignore_errors=True)
        return None
    return archive


def archive_build_due(*, limit: int = 20) -> int:
    """Worker task: a bag for every finished trade that has none yet (each provider asked in turn)."""
    built = 0
    for provider in providers():
        finished = list(provider.finished_refs())
        done = set(
            Archive.objects.filter(kind=provider.kind, ref__in=finished, previous__isnull=True).values_list(
                "ref", flat=True
            )
        )
        for ref in finished:
            if ref in done or built >= limit:
                continue
            source = provider.source(ref)
            if source is not None and archive_build(source=source) is not None:
                built += 1
    return built


def archive_fixity_check(*, archive: Archive) -> FixityCheck:
    """Re-check one bag; a failure is an alert on the operators' page and workbench until a check holds."""
    problems = bagging.check_bag(
        conf.archive_root() / archive.path,
        manifest_sha256=archive.manifest_sha256,
        tagmanifest_sha256=archive.tagmanifest_sha256,
    )
    now = clock.now()
    with transaction.atomic():
        check = FixityCheck.objects.create(
            archive=archive, checked_at=now, ok=not problems, problems=[p.as_dict() for p in problems]
        )
        archive.next_fixity_at = now + conf.fixity_interval()
        archive.save(update_fields=["next_fixity_at"])
        audit.record(
            actor=None,
            action="archive.fixity_checked",
            target=archive,
            payload={"ok": check.ok, "problems": check.problems[:50]},
        )
    return check


def archive_fixity_due(*, limit: int = 200) -> int:
    """Worker task: re-check the bags whose turn has come (``GGZY_ARCHIVE_FIXITY_DAYS``)."""
    due = Archive.objects.exclude(status=ArchiveStatus.DISPOSED).filter(next_fixity_at__lte=clock.now())
    count = 0
    for archive in due.order_by("next_fixity_at")[:limit]:
        archive_fixity_check(archive=archive)
        count += 1
    return count


def hold_place(*, actor, archive: Archive, reason: str) -> LegalHold:
    require_role(actor, *KEEPERS)
    reason = _reason(reason)
    if archive.status == ArchiveStatus.DISPOSED:
        raise Conflict("档案已销毁，不能设置保全", code="archive_disposed")
    with transaction.atomic():
        hold = LegalHold.objects.create(
            archive=archive, reason=reason, placed_by=actor, placed_at=clock.now()
        )
        audit.record(
            actor=actor,
            action="archive.hold_placed",
            target=archive,
            payload={"hold": hold.pk, "reason": reason},
        )
    return hold


def hold_lift(*, actor, archive: Archive, hold_id: int, reason: str) -> LegalHold:
    require_role(actor, *KEEPERS)
    reason = _reason(reason)
    with transaction.atomic():
        hold = LegalHold.objects.select_for_update().filter(pk=hold_id, archive=archive).first()
        if hold is None or hold.lifted_at is not None:
            raise Conflict("该保全不存在或已解除", code="hold_not_active")
        hold.lifted_by, hold.lifted_at, hold.lift_reason = actor, clock.now(), reason
        hold.save(update_fields=["lifted_by", "lifted_at", "lift_reason"])
        audit.record(
            actor=actor,
            action="archive.hold_lifted",
            target=archive,
            payload={"hold": hold.pk, "reason": reason},
        )
    return hold


def _refuse_disposal(archive: Archive) -> None:
    refusal = rules.disposal_refusal(archive, today=clock.now().astimezone(SHANGHAI).date())
    if refusal:
        code, message = refusal
        raise Conflict(message, code=code, details={"retentionUntil": archive.retention_until.isoformat()})


def disposal_request(*, actor, archive: Archive, reason: str) -> DisposalRequest:
    """First of the two people: refused before ``retention_until`` and under a legal hold."""
    require_role(actor, Role.OPERATOR)
    reason = _reason(reason)
    with transaction.atomic():
        archive = Archive.objects.select_for_update().get(pk=archive.pk)
        _refuse_disposal(archive)
        ARCHIVE.move(
            archive,
            ArchiveStatus.DISPOSAL_PENDING,
            actor=actor,
            reason=reason,
            audit_action="archive.disposal_requested",
        )
        return DisposalRequest.objects.create(
            archive=archive, reason=reason, requested_by=actor, requested_at=clock.now()
        )


def _pending(archive: Archive) -> DisposalRequest:
    request = DisposalRequest.objects.filter(archive=archive, status=DisposalStatus.PENDING).first()
    if request is None:
        raise Conflict("该档案没有待批准的销毁申请", code="disposal_not_pending")
    return request


def disposal_approve(*, actor, archive: Archive) -> DisposalRequest:
    """Second person (another operator, or an admin): the bag is deleted from disk after the commit."""
    require_role(actor, *KEEPERS)
    with transaction.atomic():
        archive = Archive.objects.select_for_update().get(pk=archive.pk)
        request = _pending(archive)
        if request.requested_by_id == actor.pk:
            raise Forbidden("销毁须由另一名工作人员批准，申请人不能自行批准", code="disposal_same_person")
        _refuse_disposal(archive)
        request.decided_by, request.decided_at = actor, clock.now()
        DISPOSAL.move(
            request, DisposalStatus.APPROVED, actor=actor, extra_fields=["decided_by", "decided_at"]
        )
        archive.disposed_at = request.decided_at
        ARCHIVE.move(
            archive,
            ArchiveStatus.DISPOSED,
            actor=actor,
            extra_fields=["disposed_at"],
            audit_action="archive.disposed",
            audit_details={"path": archive.path, "requested_by": request.requested_by_id},
        )
        folder = conf.archive_root() / archive.path
        transaction.on_commit(lambda: shutil.rmtree(folder, ignore_errors=True))
    return request


def disposal_reject(*, actor, archive: Archive) -> DisposalRequest:
    require_role(actor, *KEEPERS)
    with transaction.atomic():
        archive = Archive.objects.select_for_update().get(pk=archive.pk)
        request = _pending(archive)
        request.decided_by, request.decided_at = actor, clock.now()
        DISPOSAL.move(
            request, DisposalStatus.REJECTED, actor=actor, extra_fields=["decided_by", "decided_at"]
        )
        ARCHIVE.move(archive, ArchiveStatus.STORED, actor=actor, audit_action="archive.disposal_rejected")
    return request
