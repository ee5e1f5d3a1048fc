"""Incremental red-flag scanning: queue the processes whose data changed, scan only those.

Intake and the platform's own trading services call :func:`scan_enqueue` inside their
transaction; the worker (``tasks.scan_pending``) later takes the queue, builds the compiled
releases of the queued processes plus their bidders' recent other processes (the engine needs
that context for co-bidding and rotation screens), runs the engine and turns the scores above the
threshold into alerts (``services.alerts_from_scan``).
"""

from __future__ import annotations

from collections.abc import Iterable

from ggzy.core import clock

from .models import ScanRequest


def scan_enqueue(*, ocids: Iterable[str], source: str) -> int:
    """Queue ``ocids`` for a rescan (idempotent: a queued ocid is queued once)."""
    now = clock.now()
    rows = [ScanRequest(ocid=o, source=source[:60], requested_at=now) for o in dict.fromkeys(ocids)]
    if not rows:
        return 0
    ScanRequest.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return len(rows)
