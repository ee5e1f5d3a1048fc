"""Worker tasks of the red-flag app: drain the scan queue (incremental scans → alerts)."""

from __future__ import annotations

from .scanning import scan_pending

PERIODIC_TASKS = [scan_pending]
