"""The trade's audit records and the seals that cover them, as files an outside verifier can check.

``data/audit/records.jsonl``: one audit record per line with every hashed field, its ``payload`` and
``record_hash`` (recompute with ``ggzy.core.audit_hashing.record_hash`` / ``payload_digest_of_stored``).
``data/audit/seals.json``: ``{"seals": [...], "proofs": {"<record id>": {"seal": seq, "index": i, "path": [...]}}}``
— each seal's hashed fields and ``seal_hash``, and for each record its Merkle inclusion path up to its seal's
``merkle_root`` (leaf and node hashes as in ``audit_hashing``; ``path`` items are ``["L"|"R", hex]``: the
sibling is on the left or the right; a level where the node was carried up has no item).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.db.models import Q

from ggzy.core.audit_hashing import at_text, canonical_json, in_ranges, leaf
from ggzy.core.audit_rows import RECORD_COLUMNS
from ggzy.core.models import AuditRecord, AuditSeal


def records_for(targets: Iterable[tuple[str, str]]) -> list[AuditRecord]:
    condition = Q()
    for target_type, target_id in set(targets):
        condition |= Q(target_type=target_type, target_id=str(target_id))
    if not condition:
        return []
    return list(AuditRecord.objects.filter(condition).order_by("id"))


def _seal_of(record_id: int, seals: list[AuditSeal]) -> AuditSeal | None:
    for seal in seals:
        if seal.from_id < record_id <= seal.to_id and not in_ranges(record_id, seal.missing):
            return seal
        if record_id in seal.late_ids:
            return seal
    return None


def covering_seals(records: list[AuditRecord]) -> dict[int, AuditSeal] | None:
    """The seal of each record, or None while any record is not sealed yet (the bag then waits)."""
    if not records:
        return {}
    low = records[0].id
    # A late record is carried by a later seal, whose to_id is still ≥ its id: one query finds both kinds.
    seals = list(AuditSeal.objects.defer("fingerprints").filter(to_id__gte=low).order_by("seq"))
    found: dict[int, AuditSeal] = {}
    for record in records:
        seal = _seal_of(record.id, seals)
        if seal is None:
            return None
        found[record.id] = seal
    return found


def _members(seal: AuditSeal) -> list[tuple[int, str]]:
    rows = [
        (rid, h)
        for rid, h in AuditRecord.objects.filter(id__gt=seal.from_id, id__lte=seal.to_id)
        .order_by("id")
        .values_list("id", "record_hash")
        if not in_ranges(rid, seal.missing)
    ]
    late = list(
        AuditRecord.objects.filter(id__in=seal.late_ids).order_by("id").values_list("id", "record_hash")
    )
    return late + rows


def inclusion_path(leaves: list[bytes], index: int) -> list[list[str]]:
    path: list[list[str]] = []
    level = list(leaves)
    while len(level) > 1:
        sibling = index ^ 1
        if sibling < len(level):
            path.append(["L" if sibling < index else "R", level[sibling].hex()])
        nxt = [
            hashlib.sha256(b"\x01" + level[i] + level[i + 1]).digest() for i in range(0, len(level) - 1, 2)
        ]
        if len(level) % 2:
            nxt.append(level[-1])
        level, index = nxt, index // 2
    return path


def export(records: list[AuditRecord], seals_of: dict[int, AuditSeal]) -> tuple[bytes, bytes, str]:
    """``(records.jsonl, seals.json, audit root)``: the root of the latest seal covering the records (of the
    latest seal of all when there are none)."""
    lines = []
    for record in records:
        row = {name: getattr(record, name) for name in RECORD_COLUMNS}
        row["at"] = at_text(record.at)
        lines.append(canonical_json(row))
    seals = sorted({s.seq: s for s in seals_of.values()}.values(), key=lambda s: s.seq)
    proofs: dict[str, dict] = {}
    for seal in seals:
        members = _members(seal)
        leaves = [leaf(rid, h) for rid, h in members]
        index_of = {rid: i for i, (rid, _) in enumerate(members)}
        for record in records:
            if seals_of[record.id].seq == seal.seq:
                i = index_of[record.id]
                proofs[str(record.id)] = {"seal": seal.seq, "index": i, "path": inclusion_path(leaves, i)}
    seal_rows = [
        {**s.hashed_fields(), "sealed_at": at_text(s.sealed_at), "seal_hash": s.seal_hash} for s in seals
    ]
    latest = seals[-1] if seals else AuditSeal.objects.defer("fingerprints").order_by("-seq").first()
    root = latest.merkle_root if latest else ""
    body = b"\n".join(lines) + (b"\n" if lines else b"")
    return body, canonical_json({"seals": seal_rows, "proofs": proofs}), root
