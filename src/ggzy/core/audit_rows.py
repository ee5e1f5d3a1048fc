"""Audit records read as raw rows (no model instances) and each record's own hashes checked.

The row side of ``ggzy audit verify`` (``audit_verify`` does the seals, Merkle roots and membership):
``select_sql`` lets the database assemble each record's canonical text, ``chunks`` streams id windows,
``content_problems`` recomputes payload digests and record hashes. ``RECORD_COLUMNS`` is the record as
stored, also what the archives export.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from .audit_hashing import at_text, payload_digest_of_stored, record_hash
from .models import AuditRecord

# Every column of an audit record, in table order (``audit.record`` inserts them in this order).
RECORD_COLUMNS = (
    "id",
    "at",
    "actor_id",
    "actor_username",
    "role",
    "entity_uscc",
    "ip",
    "channel",
    "action",
    "target_type",
    "target_id",
    "payload",
    "payload_digest",
    "record_hash",
)

# The hashed fields in the canonical (sorted) order of ``audit_hashing.record_hash``.
HASHED_SORTED = tuple(sorted(AuditRecord.HASHED_FIELDS))


@dataclass
class Problem:
    kind: str  # changed | reordered | deleted | inserted | seal
    message: str
    record_id: int | None = None
    seal_seq: int | None = None

    def describe(self) -> str:
        where = f"记录 #{self.record_id}" if self.record_id is not None else f"封存 #{self.seal_seq}"
        return f"{where}：{self.message}"


def select_sql(vendor: str, *, content: bool = True) -> str:
    """Rows as (id, canonical record text or NULL, payload, payload_digest, record_hash).

    The database only *assembles* the canonical JSON text of the hashed fields (cheaper than
    building a million Python rows of 14 columns); Python hashes it. Any row whose text does not
    hash to its stored hash is re-checked field by field in Python (``recheck``), so a difference
    in JSON escaping between the database and Python can cost time but never cause a false report.
    """
    table = AuditRecord._meta.db_table
    if vendor == "postgresql":
        exprs = {"at": """to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"')"""}
        parts = []
        for i, name in enumerate(HASHED_SORTED):
            value = (
                "coalesce(actor_id::text, 'null')"
                if name == "actor_id"
                else f"to_json({exprs.get(name, name)})::text"
            )
            parts.append(f"""'{"{" if i == 0 else ","}"{name}":' || {value}""")
        canonical = " || ".join(parts) + " || '}'"
    elif vendor == "sqlite":
        at = (
            "CASE length(at) WHEN 26 THEN replace(at, ' ', 'T') || '+00:00' "
            "WHEN 19 THEN replace(at, ' ', 'T') || '.000000+00:00' ELSE at END"
        )
        canonical = (
            "json_object(" + ", ".join(f"'{n}', {at if n == 'at' else n}" for n in HASHED_SORTED) + ")"
        )
    else:
        canonical = "NULL"
    columns = f"id, {canonical}, payload, payload_digest, record_hash" if content else "id, record_hash"
    return f"SELECT {columns} FROM {table} WHERE id > %s AND id <= %s ORDER BY id"  # noqa: S608


def chunks(cursor, sql: str, after: int, last: int, chunk: int):
    """Rows of ids in (after, last], in id order, one id window of ``chunk`` at a time.

    Id windows rather than LIMIT: the plan stays a small range scan even when the planner's row
    estimates are stale (right after a bulk load PostgreSQL otherwise sorts the whole remainder)."""
    table = AuditRecord._meta.db_table
    while after < last:
        upper = min(last, after + chunk)
        cursor.execute(sql, [after, upper])
        rows = cursor.fetchall()
        if rows:
            yield rows
            after = upper
            continue
        cursor.execute(f"SELECT min(id) FROM {table} WHERE id > %s AND id <= %s", [upper, last])  # noqa: S608
        following = cursor.fetchone()[0]
        if following is None:
            return
        after = following - 1


def content_problems(rows, cursor) -> list[Problem]:
    """Recompute payload digest and record hash of each row (the hot loop: locals only)."""
    sha = hashlib.sha256
    problems = []
    suspects = []
    for rid, text, payload, payload_digest, stored_hash in rows:
        # Payloads written by record() are stored as their canonical text, so one SHA-256 usually
        # suffices; otherwise (PostgreSQL jsonb, ORM-written rows) parse and re-canonicalise.
        if not (isinstance(payload, str) and sha(payload.encode()).hexdigest() == payload_digest) and (
            payload_digest_of_stored(payload) != payload_digest
        ):
            problems.append(Problem("changed", "内容（payload）与内容摘要不符：记录被篡改", rid))
        elif text is None or sha(text.encode()).hexdigest() != stored_hash:
            suspects.append(rid)
    if suspects:
        problems.extend(recheck(suspects, cursor))
    return problems


def recheck(ids: list[int], cursor) -> list[Problem]:
    """Field-by-field check in Python of rows whose database-assembled text did not match."""
    problems = []
    table = AuditRecord._meta.db_table
    for start in range(0, len(ids), 500):
        batch = ids[start : start + 500]
        cursor.execute(
            f"SELECT {', '.join(RECORD_COLUMNS)} FROM {table} WHERE id IN ({', '.join(['%s'] * len(batch))})",  # noqa: S608
            batch,
        )
        for (
            rid,
            at,
            actor_id,
            actor_username,
            role,
            entity_uscc,
            ip,
            channel,
            action,
            target_type,
            target_id,
            _payload,
            payload_digest,
            stored_hash,
        ) in cursor.fetchall():
            if (
                record_hash(
                    action,
                    actor_id,
                    actor_username,
                    at_text(at),
                    channel,
                    entity_uscc,
                    ip,
                    payload_digest,
                    role,
                    target_id,
                    target_type,
                )
                != stored_hash
            ):
                problems.append(Problem("changed", "记录内容与记录哈希不符：记录被篡改", rid))
    return problems
