"""Tamper-evident audit trail — the write side.

Every state-changing service calls :func:`record` inside its own ``transaction.atomic()``
block, so the audit row commits or rolls back with the change it describes.

Design (docs/adr/0001-audit-chain.md): each row carries ``record_hash`` = SHA-256 over its own
canonical content, computed at insert without reading any other row — so concurrent writers never
wait on one another. The worker later seals committed rows into Merkle batches chained by hash
(``ggzy.core.audit_seal``); ``ggzy audit verify`` recomputes everything.
"""

from __future__ import annotations

import hashlib
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
    payload_json = canonical_json(payload or {})
    payload = json.loads(payload_json)
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
        payload_digest=hashlib.sha256(payload_json).hexdigest(),
    )
    row.record_hash = row.compute_hash()
    _insert(row, payload_json.decode())
    return row


_INSERT_COLUMNS = (
    "at", "actor_id", "actor_username", "role", "entity_uscc", "ip", "channel", "action", "target_type",
    "target_id", "payload", "payload_digest", "record_hash",
)


def _insert(row, payload_text: str) -> None:
    """One prepared INSERT: the ORM's per-save SQL compilation would double the cost of auditing
    (bench/bench_audit.py). Same stored forms as the ORM (datetime adapted by the backend)."""
    from django.db import connections, router

    alias = router.db_for_write(type(row))
    connection = connections[alias]
    if connection.vendor not in ("sqlite", "postgresql"):
        row.save(force_insert=True, using=alias)
        return
    table = type(row)._meta.db_table
    params = [getattr(row, name) for name in _INSERT_COLUMNS]
    params[0] = connection.ops.adapt_datetimefield_value(row.at)
    params[10] = payload_text
    if connection.vendor == "postgresql":
        marks = ", ".join("%s::jsonb" if name == "payload" else "%s" for name in _INSERT_COLUMNS)
        sql = f"INSERT INTO {table} ({', '.join(_INSERT_COLUMNS)}) VALUES ({marks}) RETURNING id"  # noqa: S608
    else:
        sql = f"INSERT INTO {table} ({', '.join(_INSERT_COLUMNS)}) VALUES ({', '.join(['%s'] * 13)})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row.pk = cursor.fetchone()[0] if connection.vendor == "postgresql" else cursor.lastrowid
    row._state.adding = False
    row._state.db = alias
