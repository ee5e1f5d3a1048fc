"""Worker tasks of the red-flag app: drain the scan queue (incremental scans → alerts)."""

from __future__ import annotations

from .scanning import enqueue_own_changes, scan_pending

PERIODIC_TASKS = [enqueue_own_changes, scan_pending]
