"""Tamper-evident audit trail — the write side.

Every state-changing service calls :func:`record` inside its own ``transaction.atomic()``
block, so the audit row commits or rolls back with the change it describes.

Design (docs/adr/0001-audit-chain.md): each row carries ``record_hash`` = SHA-256 over its own
canonical content, computed at insert without reading any other row — so concurrent writers never
wait on one another. The worker later seals committed rows into Merkle batches chained by hash
(``ggzy.core.audit_seal``); ``ggzy audit verify`` recomputes everything.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import models

from . import clock
from .audit_hashing import canonical_json, digest
from .context import current

__all__ = ["canonical_json", "digest", "record"]


def record(*, actor, action: str, target: models.Model | None = None, payload: dict[str, Any] | None = None,
           target_type: str | None = None, target_id: str | None = None):
    """Append one audit record for ``action`` by ``actor`` (a User or None for the system).

    ``payload`` must never contain sealed content (bid prices, files, expert names before
    publication): pass identifiers and digests instead. The payload and its digest are stored;
    the digest is what the chain protects. Prefer strings for amounts: PostgreSQL's jsonb may
    re-spell floats such as 1e20, which ``ggzy audit verify`` would then report as changed.
    """
    from .models import AuditRecord

    ctx = current()
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk)
    user = actor if getattr(actor, "is_authenticated", False) else None
    entity = getattr(user, "entity", None) if user else None
    # Store exactly what is digested (datetimes, decimals → strings), so a re-read payload hashes the same.
    payload = json.loads(canonical_json(payload or {}))
    row = AuditRecord(
        at=clock.now(),
        actor_id=user.pk if user else None,
        actor_username=user.get_username() if user else "system",
        role=getattr(user, "role", "") if user else "system",
        entity_uscc=entity.uscc if entity else "",
        ip=ctx.ip,
        channel=ctx.channel,
        action=action,
        target_type=target_type or "",
        target_id=target_id or "",
        payload=payload,
        payload_digest=digest(payload),
    )
    row.record_hash = row.compute_hash()
    row.save(force_insert=True)
    return row
