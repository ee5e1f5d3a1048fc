"""Public reads of the audit seal chain (the page /audit/ and /api/v1/audit/seals)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Sum

from .models import AuditRecord, AuditSeal
from .pagination import paginate

PUBLIC_FIELDS = (
    "seq",
    "sealed_at",
    "merkle_root",
    "seal_hash",
    "prev_hash",
    "from_id",
    "to_id",
    "missing",
    "late_ids",
    "record_count",
)


def _public() -> Any:
    return AuditSeal.objects.only(*PUBLIC_FIELDS)


def recent_seals(*, limit: int = 20) -> list[AuditSeal]:
    return list(_public().order_by("-seq")[:limit])


def seal_page(*, cursor: str | None, limit: int = 50) -> tuple[list[AuditSeal], str | None]:
    """Seals oldest first, cursor-paginated (stable for pollers: new seals only ever append)."""
    return paginate(_public(), cursor=cursor, keys=("seq",), limit=limit)


def seal_summary() -> dict[str, Any]:
    latest = _public().order_by("-seq").first()
    totals = AuditSeal.objects.aggregate(seals=Count("id"), sealed=Sum("record_count"))
    last_sealed_id = latest.to_id if latest else 0
    return {
        "latest": latest,
        "seal_count": totals["seals"] or 0,
        "sealed_records": totals["sealed"] or 0,
        "unsealed_tail": AuditRecord.objects.filter(id__gt=last_sealed_id).count(),
    }


def seal_dict(seal: AuditSeal) -> dict[str, Any]:
    return {
        "seq": seal.seq,
        "sealedAt": seal.sealed_at.isoformat(),
        "merkleRoot": seal.merkle_root,
        "sealHash": seal.seal_hash,
        "prevHash": seal.prev_hash,
        "fromId": seal.from_id,
        "toId": seal.to_id,
        "missing": seal.missing,
        "lateIds": seal.late_ids,
        "recordCount": seal.record_count,
    }
