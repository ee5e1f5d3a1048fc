"""Incremental red-flag scanning: queue the processes whose data changed, scan only those.

Intake announces new releases inside its transaction (``exchange.signals.releases_ingested``, received
by :func:`queue_ingested`); the platform's own sections are found by :func:`enqueue_own_changes`. The
worker (``tasks.py``) calls :func:`scan_pending`, which takes a batch of the queue, loads the compiled
releases of the queued processes plus — as context for the engine's co-bidding, rotation and
fingerprint screens — the other recent processes of the same bidders (``Participation``), runs the engine (``engine.scan_releases``) on that neighbourhood only, and turns
scores at or above the threshold into alerts for the queued processes (``services.alerts_from_scan``).

All state lives in the database, so any number of worker processes can share the queue
(``select_for_update(skip_locked=True)``); nothing is kept in process memory.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from ggzy.core import clock
from ggzy.supervision.exchange import ocds_facts
from ggzy.supervision.exchange.models import IntakeRecord
from ggzy.supervision.exchange.ocds_export import (
    compiled_releases_for_supervision,
    ocid_prefix,
    sections_queryset,
)

from .legal import platform_config
from .models import Participation, ScanRequest, ScanWatermark
from .services import ProcessInfo, alerts_from_scan

log = logging.getLogger(__name__)

BATCH = 500  # queued processes per scan
CONTEXT_PER_BIDDER = 50  # most recent other processes of each bidder loaded as context
CONTEXT_MAX = 20_000  # hard cap on context processes per scan
OWN = "own"


def scan_enqueue(*, ocids: Iterable[str], source: str) -> int:
    """Queue ``ocids`` for a rescan (idempotent: a queued ocid is queued once)."""
    now = clock.now()
    rows = [ScanRequest(ocid=o, source=source[:60], requested_at=now) for o in dict.fromkeys(ocids)]
    if not rows:
        return 0
    ScanRequest.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return len(rows)


def queue_ingested(*, ocids: Iterable[str], source: str, **_) -> int:
    """Receiver of ``exchange.signals.releases_ingested``: the processes a sub-platform just reported."""
    return scan_enqueue(ocids=ocids, source=source)


def enqueue_own_changes() -> int:
    """Queue the own-trading sections changed since the last call (the tendering app stays unaware
    of supervision: its ``Section.updated_at`` is the change signal)."""
    with transaction.atomic():
        mark, _ = ScanWatermark.objects.select_for_update().get_or_create(
            name="own-sections", defaults={"at": clock.now() - clock.parse_duration("3650d")}
        )
        changed = list(
            sections_queryset()
            .filter(updated_at__gt=mark.at)
            .order_by("updated_at")
            .values_list("code", "updated_at")[:5000]
        )
        if not changed:
            return 0
        scan_enqueue(ocids=[f"{ocid_prefix()}-{code}" for code, _ in changed], source=OWN)
        mark.at = changed[-1][1]
        mark.save(update_fields=["at"])
    return len(changed)


def load_compiled(ocids_by_source: dict[str, set[str]]) -> dict[str, tuple[dict[str, Any], str]]:
    """{ocid: (compiled release with submission fingerprints, source)} from intake and own trading data.

    Compiled now, so a request queued earlier carries no data of its own; nothing about a bid is loaded
    before the process's bid deadline (own sections: ``ocds_export.bids_unsealed``; intake: the reported
    ``tenderPeriod.endDate``, ``ocds_facts.without_sealed_bids``)."""
    now = clock.now()
    found: dict[str, tuple[dict[str, Any], str]] = {}
    intake = set().union(*(o for s, o in ocids_by_source.items() if s != OWN)) if ocids_by_source else set()
    for ocid, compiled, code in (
        IntakeRecord.objects.filter(ocid__in=list(intake))
        .values_list("ocid", "compiled", "source__platform_code")
        .iterator(chunk_size=500)
    ):
        found[ocid] = (ocds_facts.without_sealed_bids(compiled, now=now), f"intake:{code}")
    own = ocids_by_source.get(OWN) or set()
    if own:
        for release in compiled_releases_for_supervision(ocids=own):
            found[release["ocid"]] = (release, OWN)
    return found


def _remember_participation(releases: dict[str, tuple[dict[str, Any], str]]) -> None:
    rows = []
    ocids = list(releases)
    for ocid, (release, source) in releases.items():
        facts = ocds_facts.facts(release)
        when = facts.tender_end or facts.date
        rows += [
            Participation(bidder_id=b[:200], ocid=ocid, source=source[:60], date=when) for b in facts.bidders
        ]
    Participation.objects.filter(ocid__in=ocids).delete()
    Participation.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)


def _context(queued: dict[str, tuple[dict[str, Any], str]]) -> dict[str, set[str]]:
    bidders = {b for release, _ in queued.values() for b in ocds_facts.facts(release).bidders}
    by_source: dict[str, set[str]] = {}
    total = 0
    for bidder in sorted(bidders):
        rows = (
            Participation.objects.filter(bidder_id=bidder)
            .exclude(ocid__in=list(queued))
            .order_by("-date")
            .values_list("ocid", "source")[:CONTEXT_PER_BIDDER]
        )
        for ocid, source in rows:
            if total >= CONTEXT_MAX:
                return by_source
            if ocid not in by_source.setdefault(source if source == OWN else "intake", set()):
                by_source[source if source == OWN else "intake"].add(ocid)
                total += 1
    return by_source


def _process_info(release: dict[str, Any], source: str):
    tender = release.get("tender") or {}
    return ProcessInfo(
        ocid=release["ocid"],
        title=str(tender.get("title") or release["ocid"]),
        catalogue_code=ocds_facts.catalogue_code(release),
        district=ocds_facts.district(release),
        source=source,
    )


def scan_pending(*, batch: int = BATCH, config=None) -> int:
    """Scan one batch of queued processes; returns how many queued processes were scanned."""
    # local import: the engine loads polars and numpy (~0.3 s); only the worker's scan needs them
    from . import engine

    with transaction.atomic():
        requests = list(
            ScanRequest.objects.select_for_update(skip_locked=True).order_by("requested_at", "id")[:batch]
        )
        if not requests:
            return 0
        by_source: dict[str, set[str]] = {}
        for req in requests:
            by_source.setdefault(OWN if req.source == OWN else "intake", set()).add(req.ocid)
        queued = load_compiled(by_source)
        _remember_participation(queued)
        context = load_compiled(_context(queued))
        everything = {**context, **queued}
        if everything:
            result = engine.scan_releases(
                [release for release, _ in everything.values()], config or platform_config()
            ).to_dict(version=engine.VERSION, generated_at=clock.now().isoformat())
            processes = {
                ocid: _process_info(release, source) for ocid, (release, source) in everything.items()
            }
            alerts_from_scan(result=result, processes=processes, only_ocids=set(queued))
        ScanRequest.objects.filter(pk__in=[r.pk for r in requests]).delete()
    log.info("red-flag scan: %d queued, %d context processes", len(queued), len(context))
    return len(requests)
