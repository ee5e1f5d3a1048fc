"""Tamper-evident audit trail — the write side.

Every state-changing service calls :func:`record` inside its own ``transaction.atomic()``
block, so the audit row commits or rolls back with the change it describes.

Design (docs/adr/0001-audit-chain.md): each row carries ``record_hash`` = SHA-256 over its own
canonical content, computed at insert without reading any other row — so concurrent writers never
wait on one another. The worker later seals committed rows into Merkle batches chained by hash
(``ggzy.core.audit_seal``); ``ggzy audit verify`` recomputes everything.
"""

from __future__ import annotations

import functools
import hashlib
import json
from typing import Any

from django.db import models
from django.db.models.base import ModelState

from . import clock
from .audit_hashing import at_text, canonical_json, digest, record_hash
from .audit_rows import RECORD_COLUMNS
from .context import current
from .models import AuditRecord

__all__ = ["canonical_json", "digest", "record"]


def record(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    payload: dict[str, Any] | None = None,
    target_type: str | None = None,
    target_id: str | None = None,
):
    """Append one audit record for ``action`` by ``actor`` (a User or None for the system).

    ``payload`` must never contain sealed content (bid prices, files, expert names before
    publication): pass identifiers and digests instead. The payload and its digest are stored;
    the digest is what the chain protects. Prefer strings for amounts: PostgreSQL's jsonb may
    re-spell floats such as 1e20, which ``ggzy audit verify`` would then report as changed.
    Returns the saved ``AuditRecord``.
    """
    ctx = current()
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk)
    user = actor if getattr(actor, "is_authenticated", False) else None
    if user is not None:
        entity = getattr(user, "entity", None)
        actor_id, username, role = user.pk, user.get_username(), getattr(user, "role", "")
        uscc = entity.uscc if entity else ""
    else:
        actor_id, username, role, uscc = None, "system", "system", ""
    at = clock.now()
    # Store exactly what is digested (datetimes, decimals → strings), so a re-read payload hashes the same.
    payload_json = canonical_json(payload or {})
    payload_digest = hashlib.sha256(payload_json).hexdigest()
    target_type, target_id = target_type or "", target_id or ""
    hashed = record_hash(
        action,
        actor_id,
        username,
        at_text(at),
        ctx.channel,
        uscc,
        ctx.ip,
        payload_digest,
        role,
        target_id,
        target_type,
    )
    values = [
        at,
        actor_id,
        username,
        role,
        uscc,
        ctx.ip,
        ctx.channel,
        action,
        target_type,
        target_id,
        payload_json.decode(),
        payload_digest,
        hashed,
    ]
    alias, pk = _insert(AuditRecord, values)
    values[10] = json.loads(payload_json)
    # Built like Django's unpickling does (no __init__ field loop): it costs more than the INSERT.
    row = AuditRecord.__new__(AuditRecord)
    row.__dict__.update(zip(("id", *_INSERT_COLUMNS), (pk, *values), strict=True))
    row._state = ModelState()
    row._state.adding, row._state.db = False, alias
    return row


_INSERT_COLUMNS = RECORD_COLUMNS[1:]  # every column but the id the database assigns


@functools.cache
def _insert_sql(model, vendor: str) -> str:
    assert [f.attname for f in model._meta.concrete_fields] == ["id", *_INSERT_COLUMNS], "AuditRecord changed"
    table, columns = model._meta.db_table, ", ".join(_INSERT_COLUMNS)
    if vendor == "postgresql":
        marks = ", ".join("%s::jsonb" if name == "payload" else "%s" for name in _INSERT_COLUMNS)
        return f"INSERT INTO {table} ({columns}) VALUES ({marks}) RETURNING id"  # noqa: S608
    return f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['?'] * len(_INSERT_COLUMNS))})"  # noqa: S608


def _insert(model, values: list) -> tuple[str, int]:
    """One prepared INSERT on the connection's own DB-API cursor, inside the caller's transaction.

    Auditing must stay cheap next to the change it records (aim ≤ 1.3×, bench/bench_audit.py); the
    ORM's per-save SQL compilation and cursor wrapping alone cost more than the change. Values are
    stored in the same forms as the ORM would store them (datetime adapted by the backend).
    """
    from django.db import connections, router

    alias = router.db_for_write(model)
    connection = connections[alias]
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        row = model(None, *values)
        row.save(force_insert=True, using=alias)
        return alias, row.pk
    connection.validate_no_broken_transaction()
    connection.ensure_connection()
    params = list(values)
    params[0] = connection.ops.adapt_datetimefield_value(values[0])
    cursor = connection.connection.cursor()
    try:
        cursor.execute(_insert_sql(model, vendor), params)
        pk = cursor.fetchone()[0] if vendor == "postgresql" else cursor.lastrowid
    finally:
        cursor.close()
    return alias, pk
