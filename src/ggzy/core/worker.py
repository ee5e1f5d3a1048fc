"""Background worker: runs every app's due work (deadlines, audit sealing, notifications).

Each app may define ``tasks.py`` with ``PERIODIC_TASKS``: callables taking no argument and
returning how many items they processed. They must be idempotent and safe to run in several
worker processes at once (row locks / conditional updates), see docs/adr/.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.db import close_old_connections

from .discovery import app_modules

log = logging.getLogger(__name__)


def discover_tasks() -> list[Callable[[], int]]:
    tasks: list[Callable[[], int]] = []
    for _config, module in app_modules("tasks"):
        tasks.extend(getattr(module, "PERIODIC_TASKS", []))
    return tasks


def run_once() -> dict[str, int]:
    results: dict[str, int] = {}
    for task in discover_tasks():
        name = f"{task.__module__}.{task.__qualname__}"
        try:
            results[name] = int(task() or 0)
        except Exception:  # one failing task must not stop the others; it is retried next round
            log.exception("worker task %s failed", name)
            results[name] = -1
    return results


def run_forever(poll_seconds: float, stop: Callable[[], bool] = lambda: False) -> None:
    while not stop():
        close_old_connections()
        run_once()
        time.sleep(poll_seconds)
