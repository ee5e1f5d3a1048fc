"""Archives as JSON for the API (camelCase; times in Asia/Shanghai ISO 8601). The list item carries the spec's
keys (``id, ref, createdAt, retentionUntil, path, holds``); ``path`` is the bag's folder under
``GGZY_ARCHIVE_ROOT`` (the server's absolute path is only shown by the CLI)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from ggzy.core import clock

from .models import Archive, DisposalRequest, FixityCheck, LegalHold


def _at(value: dt.datetime | None) -> str | None:
    return value.astimezone(clock.SHANGHAI).isoformat() if value else None


def hold_dict(hold: LegalHold) -> dict[str, Any]:
    return {
        "id": hold.pk,
        "reason": hold.reason,
        "placedAt": _at(hold.placed_at),
        "liftedAt": _at(hold.lifted_at),
        "liftReason": hold.lift_reason,
    }


def disposal_dict(request: DisposalRequest) -> dict[str, Any]:
    return {
        "id": request.pk,
        "reason": request.reason,
        "status": request.status,
        "statusLabel": request.get_status_display(),
        "requestedAt": _at(request.requested_at),
        "decidedAt": _at(request.decided_at),
    }


def check_dict(check: FixityCheck) -> dict[str, Any]:
    return {"checkedAt": _at(check.checked_at), "ok": check.ok, "problems": check.problems}


def archive_dict(archive: Archive) -> dict[str, Any]:
    """A list item: the spec's keys (holds in force only) plus what the list page shows."""
    return {
        "id": archive.pk,
        "ref": archive.ref,
        "createdAt": _at(archive.created_at),
        "retentionUntil": archive.retention_until.isoformat(),
        "path": archive.path,
        "holds": [hold_dict(h) for h in archive.holds.all() if h.lifted_at is None],
        "kind": archive.kind,
        "title": archive.title,
        "outcome": archive.outcome,
        "finishedAt": _at(archive.finished_at),
        "status": archive.status,
        "statusLabel": archive.get_status_display(),
    }


def archive_detail_dict(archive: Archive) -> dict[str, Any]:
    return {
        **archive_dict(archive),
        "catalogueCode": archive.catalogue_code,
        "payloadOxum": archive.payload_oxum,
        "manifestSha256": archive.manifest_sha256,
        "tagmanifestSha256": archive.tagmanifest_sha256,
        "auditRoot": archive.audit_root,
        "previousId": archive.previous_id,
        "disposedAt": _at(archive.disposed_at),
        "allHolds": [hold_dict(h) for h in archive.holds.all()],
        "disposals": [disposal_dict(d) for d in archive.disposals.all()],
        "fixityChecks": [check_dict(c) for c in archive.fixity_checks.all()[:10]],
        "downloadUrl": reverse("archives:download", args=[archive.pk]),
    }
