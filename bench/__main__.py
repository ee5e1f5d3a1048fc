"""Run every benchmark: python -m bench [name-filter]. Each bench_*.py has a main() that prints its figures.

Each benchmark runs in a child process of its own: a fresh Django set-up and database (a new temporary SQLite
file unless DATABASE_URL is set — then give each benchmark its own database), empty caches, and no data left
behind by the previous benchmark. ``python -m bench draw`` runs those whose name contains "draw".
"""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CHILD = "import sys; sys.path[:0] = [{root!r}, {src!r}]; from bench.{name} import main; main()"


def main() -> int:
    wanted = sys.argv[1] if len(sys.argv) > 1 else ""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "ggzy.config.settings"),
    }
    failed = []
    for info in sorted(pkgutil.iter_modules([str(HERE)]), key=lambda m: m.name):
        if not info.name.startswith("bench_") or wanted not in info.name:
            continue
        print(f"\n=== {info.name}", flush=True)
        started = time.perf_counter()
        code = CHILD.format(root=str(ROOT), src=str(ROOT / "src"), name=info.name)
        rc = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=False).returncode
        status = "done" if rc == 0 else f"FAILED (exit {rc})"
        print(f"--- {info.name} {status} in {time.perf_counter() - started:.1f}s", flush=True)
        if rc:
            failed.append(info.name)
    if failed:
        print(f"failed: {', '.join(failed)}", flush=True)
    return 1 if failed else 0


sys.exit(main())
