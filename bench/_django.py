"""Shared set-up for benchmarks that need Django: a fresh, migrated database of their own.

Uses DATABASE_URL when set (e.g. PostgreSQL for intake figures), else a temporary SQLite file, removed when
the process ends.
Call ``setup()`` once per process; later calls are no-ops.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

_done = False


def setup() -> None:
    global _done
    if _done:
        return
    if "DATABASE_URL" not in os.environ:
        tmp = tempfile.mkdtemp(prefix="ggzy-bench-")
        # The benchmark's database goes with its process.
        atexit.register(shutil.rmtree, tmp, ignore_errors=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        os.environ.setdefault("GGZY_VAR_DIR", tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ggzy.config.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    _done = True
