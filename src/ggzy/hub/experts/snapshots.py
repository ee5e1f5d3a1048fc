"""Cached, immutable pool snapshots so a draw does not re-read and re-copy a 100,000-expert pool.

Correctness does not depend on the cache: a snapshot is keyed by the pool version, which every pool
service bumps in the same transaction as its change; the decoded lists are kept per process by
snapshot id (immutable rows), and ``ggzy experts verify-draw`` recomputes from the records themselves.
"""

from __future__ import annotations

import bisect
from collections import OrderedDict

from django.db import IntegrityError, transaction
from django.db.models import F

from . import algorithm, avoidance
from .models import PoolSnapshot, PoolState

# Keyed by content digest, so a cached list can never belong to another row (ids may be reused
# after a rollback on SQLite).
_CACHE: OrderedDict[str, list[str]] = OrderedDict()
_CACHE_SIZE = 32


def bump_pool_version() -> None:
    if not PoolState.objects.filter(pk=1).update(version=F("version") + 1):
        PoolState.objects.get_or_create(pk=1)
        PoolState.objects.filter(pk=1).update(version=F("version") + 1)


def _remember(digest: str, codes: list[str]) -> list[str]:
    _CACHE[digest] = codes
    _CACHE.move_to_end(digest)
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return codes


def snapshot_codes(snapshot: PoolSnapshot) -> list[str]:
    codes = _CACHE.get(snapshot.digest)
    if codes is None:
        text = PoolSnapshot.objects.values_list("codes", flat=True).get(pk=snapshot.pk)
        codes = text.split("\n") if text else []
        if algorithm.pool_digest(codes) != snapshot.digest:
            raise RuntimeError(f"pool snapshot {snapshot.pk} does not match its digest")
        _remember(snapshot.digest, codes)
    return codes


def current_snapshot(*, specialty_code: str, regions: list[str]) -> tuple[PoolSnapshot, list[str]]:
    """The active experts of a specialty (and sub-specialties) and regions at the current pool version."""
    version = PoolState.objects.filter(pk=1).values_list("version", flat=True).first() or 0
    key = "|".join(regions)
    snap = (
        PoolSnapshot.objects.defer("codes")
        .filter(specialty_code=specialty_code, regions_key=key, version=version)
        .first()
    )
    if snap is not None:
        return snap, snapshot_codes(snap)
    codes = algorithm.sort_eligible(
        avoidance.line_pool(specialty_code=specialty_code, regions=regions).values()
    )
    try:
        with transaction.atomic():
            snap = PoolSnapshot.objects.create(
                specialty_code=specialty_code,
                regions_key=key,
                version=version,
                size=len(codes),
                digest=algorithm.pool_digest(codes),
                codes="\n".join(codes),
            )
    except IntegrityError:  # another process built the same snapshot
        snap = PoolSnapshot.objects.defer("codes").get(
            specialty_code=specialty_code, regions_key=key, version=version
        )
        return snap, snapshot_codes(snap)
    return snap, _remember(snap.digest, codes)


def subtract(codes: list[str], removed: set[str]) -> tuple[list[str], list[str]]:
    """(codes without ``removed``, the removed codes actually present), by slicing around positions."""
    positions = sorted(
        i for c in removed if (i := bisect.bisect_left(codes, c)) < len(codes) and codes[i] == c
    )
    out: list[str] = []
    start = 0
    for i in positions:
        out.extend(codes[start:i])
        start = i + 1
    out.extend(codes[start:])
    return out, [codes[i] for i in positions]


def line_eligible(line) -> list[str]:
    snap = PoolSnapshot.objects.defer("codes").get(pk=line.snapshot_id)
    eligible, _ = subtract(snapshot_codes(snap), set(line.removed))
    return eligible
