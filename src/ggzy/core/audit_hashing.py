"""Hash definitions of the audit chain — the one place an outside verifier needs to read.

* record hash  = SHA-256(canonical JSON of the record's fields, see ``AuditRecord.HASHED_FIELDS``),
  ``at`` as ISO-8601 UTC with microseconds; canonical JSON = sorted keys, no spaces, UTF-8.
* payload digest = SHA-256(canonical JSON of the payload).
* Merkle leaf  = SHA-256(0x00 || record id as 8-byte big-endian || record hash bytes).
* Merkle node  = SHA-256(0x01 || left || right); an odd last node is carried up unchanged
  (same tree shape as RFC 6962). The root of an empty batch is SHA-256("").
* seal hash    = SHA-256(canonical JSON of the seal's fields, see ``SEAL_HASHED_FIELDS``),
  and each seal names its predecessor's hash (``prev_hash``), forming a chain.

Functions here take plain values (no model instances) so ``ggzy audit verify`` can stream a
million rows through them quickly.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import Any

EMPTY_ROOT = hashlib.sha256(b"").hexdigest()
SEAL_HASHED_FIELDS = (
    "seq",
    "prev_hash",
    "sealed_at",
    "from_id",
    "to_id",
    "missing",
    "late_ids",
    "record_count",
    "merkle_root",
)
_sha256 = hashlib.sha256
_UTC = dt.UTC


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode()


def digest(value: Any) -> str:
    return _sha256(canonical_json(value)).hexdigest()


def at_text(value: dt.datetime | str | None) -> str | None:
    """The hashed form of a record time: ISO-8601 in UTC with microseconds.

    Accepts an aware datetime (ORM, PostgreSQL), or a naive one / SQLite's stored text
    ('YYYY-MM-DD HH:MM:SS[.ffffff]') read raw from the database, which holds UTC.
    """
    if value is None:
        return None
    if isinstance(value, str):
        text = value.replace(" ", "T", 1)
        if "+" in text[10:] or text.endswith("Z"):
            return at_text(dt.datetime.fromisoformat(text))
        if len(text) != 26:  # 'YYYY-MM-DDTHH:MM:SS.ffffff'; Django omits a zero fraction
            whole, _, fraction = text.partition(".")
            text = f"{whole}.{fraction:0<6}"
        return text + "+00:00"
    if value.tzinfo is None:  # SQLite's raw cursor returns the stored UTC time naive
        return value.isoformat(timespec="microseconds") + "+00:00"
    return value.astimezone(_UTC).isoformat(timespec="microseconds")


def record_hash(
    action: str,
    actor_id: int | None,
    actor_username: str,
    at: str | None,
    channel: str,
    entity_uscc: str,
    ip: str,
    payload_digest: str,
    role: str,
    target_id: str,
    target_type: str,
) -> str:
    """SHA-256 of the record's canonical JSON, built by hand in sorted key order for speed.

    Byte-identical to ``canonical_json({...})`` (tests/core/test_audit_record.py checks this).
    """
    s = encode_basestring
    text = _RECORD_TEMPLATE % (
        s(action),
        "null" if actor_id is None else int(actor_id),
        s(actor_username),
        "null" if at is None else s(at),
        s(channel),
        s(entity_uscc),
        s(ip),
        s(payload_digest),
        s(role),
        s(target_id),
        s(target_type),
    )
    return _sha256(text.encode()).hexdigest()


_RECORD_TEMPLATE = (
    '{"action":%s,"actor_id":%s,"actor_username":%s,"at":%s,"channel":%s,"entity_uscc":%s,"ip":%s,'
    '"payload_digest":%s,"role":%s,"target_id":%s,"target_type":%s}'
)


def payload_digest_of_stored(payload: Any) -> str:
    """Digest of a payload as read back from the database (JSON text or already parsed)."""
    if isinstance(payload, (str, bytes, bytearray)):
        payload = json.loads(payload)
    return _sha256(canonical_json(payload)).hexdigest()


def leaf(record_id: int, record_hash_hex: str) -> bytes:
    return _sha256(b"\x00" + record_id.to_bytes(8, "big") + bytes.fromhex(record_hash_hex)).digest()


def merkle_root(leaves: Sequence[bytes]) -> str:
    if not leaves:
        return EMPTY_ROOT
    level = list(leaves)
    while len(level) > 1:
        nxt = [_sha256(b"\x01" + level[i] + level[i + 1]).digest() for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            nxt.append(level[-1])
        level = nxt
    return level[0].hex()


def seal_hash(fields: dict[str, Any]) -> str:
    values = {name: fields[name] for name in SEAL_HASHED_FIELDS}
    values["sealed_at"] = at_text(values["sealed_at"])
    return digest(values)


# Fingerprints: the first 8 bytes of each sealed record hash, in leaf order. They are a
# diagnostic index only (the Merkle root is what is protected): when a root does not match,
# they let ``verify`` name the first record that differs and tell "changed" from "reordered".
FINGERPRINT_BYTES = 8


def fingerprints(record_hashes: Iterable[str]) -> bytes:
    return b"".join(bytes.fromhex(h[: FINGERPRINT_BYTES * 2]) for h in record_hashes)


def split_fingerprints(blob: bytes) -> list[str]:
    blob = bytes(blob)
    n = FINGERPRINT_BYTES
    return [blob[i : i + n].hex() for i in range(0, len(blob), n)]


def ranges_from_ids(ids: Iterable[int]) -> list[list[int]]:
    """Sorted ids → [[first, last], ...] inclusive runs (compact form for gap lists)."""
    runs: list[list[int]] = []
    for i in ids:
        if runs and i == runs[-1][1] + 1:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    return runs


def in_ranges(value: int, runs: Sequence[Sequence[int]]) -> bool:
    import bisect

    pos = bisect.bisect_right([r[0] for r in runs], value) - 1
    return pos >= 0 and runs[pos][0] <= value <= runs[pos][1]
