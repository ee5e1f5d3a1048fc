"""Sealing audit records into hash-chained Merkle batches (docs/adr/0001-audit-chain.md).

The write path (``ggzy.core.audit.record``) never reads other rows or takes a lock. The worker
calls :func:`seal_due` periodically; each call appends seals, each covering:

* the id range ``(prev.to_id, to_id]`` of records visible (committed) now, except ``missing``:
  the ids in that range that are not visible — rolled back, or still in flight;
* ``late_ids``: records that have since committed into the ``missing`` runs of recent seals
  (within ``GGZY_AUDIT_LATE_WINDOW_SECONDS`` of the previous seal), so none is left out forever
  and none is mistaken for an insertion.

Two workers sealing at once cannot both append: ``seq`` and ``prev_hash`` are unique, so the second
insert of the same successor fails and that worker's transaction is rolled back (it does nothing).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q

from . import clock
from .audit_hashing import fingerprints, leaf, merkle_root, seal_hash
from .models import AuditRecord, AuditSeal

GENESIS_HASH = "0" * 64
MAX_BATCH = 50_000
_LATE_QUERY_RUNS = 200


def late_window() -> dt.timedelta:
    # Must exceed the longest transaction that can write an audit record (set PostgreSQL's
    # idle_in_transaction_session_timeout / statement_timeout below it).
    return dt.timedelta(seconds=int(getattr(settings, "GGZY_AUDIT_LATE_WINDOW_SECONDS", 86_400)))


def latest_seal() -> AuditSeal | None:
    return AuditSeal.objects.defer("fingerprints").order_by("-seq").first()


def first_seal_after(moment: dt.datetime) -> AuditSeal | None:
    """The first seal made after ``moment`` — the expert-draw beacon (its ``merkle_root`` and ``sealed_at``)."""
    return AuditSeal.objects.defer("fingerprints").filter(sealed_at__gt=moment).order_by("seq").first()


def seal_pending(*, max_records: int = MAX_BATCH) -> AuditSeal | None:
    """Append one seal over up to ``max_records`` committed, unsealed records; None if nothing to seal
    or another worker appended the same successor concurrently."""
    try:
        with transaction.atomic():
            return _seal_once(max_records)
    except IntegrityError:
        return None


def seal_due(*, force: bool = False, max_seals: int = 50) -> int:
    """Worker task body: seal everything pending if the interval has passed. Returns records sealed."""
    latest = latest_seal()
    interval = dt.timedelta(seconds=settings.GGZY_AUDIT_SEAL_INTERVAL_SECONDS)
    if not force and latest is not None and clock.now() - latest.sealed_at < interval:
        return 0
    sealed = 0
    for _ in range(max_seals):
        seal = seal_pending()
        if seal is None:
            break
        sealed += seal.record_count
    return sealed


def _seal_once(max_records: int) -> AuditSeal | None:
    # Row lock on the current head (PostgreSQL) so concurrent sealers queue instead of racing;
    # then re-read the head, which may have moved while we waited. The unique constraints decide.
    AuditSeal.objects.select_for_update().only("id").order_by("-seq").first()
    prev = latest_seal()
    lo = prev.to_id if prev else 0
    rows = list(
        AuditRecord.objects.filter(id__gt=lo).order_by("id").values_list("id", "record_hash")[:max_records]
    )
    late = _late_records(prev)
    if not rows and not late:
        return None
    missing: list[list[int]] = []
    expected = lo + 1
    for record_id, _ in rows:
        if record_id > expected:
            missing.append([expected, record_id - 1])
        expected = record_id + 1
    members = late + rows  # late ids are all below lo, so this is id order
    seal = AuditSeal(
        seq=(prev.seq + 1) if prev else 1,
        prev_hash=prev.seal_hash if prev else GENESIS_HASH,
        sealed_at=clock.now(),
        from_id=lo,
        to_id=rows[-1][0] if rows else lo,
        missing=missing,
        late_ids=[record_id for record_id, _ in late],
        record_count=len(members),
        merkle_root=merkle_root([leaf(record_id, h) for record_id, h in members]),
        fingerprints=fingerprints(h for _, h in members),
    )
    seal.seal_hash = seal_hash(seal.hashed_fields())
    seal.save(force_insert=True)
    return seal


def _late_records(prev: AuditSeal | None) -> list[tuple[int, str]]:
    if prev is None:
        return []
    recent = AuditSeal.objects.filter(sealed_at__gte=prev.sealed_at - late_window()).values_list(
        "missing", "late_ids"
    )
    runs: list[list[int]] = []
    carried: set[int] = set()
    for missing, late_ids in recent:
        runs.extend(missing)
        carried.update(late_ids)
    found: dict[int, str] = {}
    for start in range(0, len(runs), _LATE_QUERY_RUNS):
        condition = Q()
        for first, last in runs[start : start + _LATE_QUERY_RUNS]:
            condition |= Q(id__range=(first, last))
        for record_id, record_hash in AuditRecord.objects.filter(condition).values_list("id", "record_hash"):
            if record_id not in carried:
                found[record_id] = record_hash
    return sorted(found.items())
