"""Run every benchmark: python -m bench [name-filter]. Each bench_*.py has a main() that prints its figures."""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ggzy.config.settings")


def main() -> None:
    wanted = sys.argv[1] if len(sys.argv) > 1 else ""
    here = Path(__file__).resolve().parent
    for info in sorted(pkgutil.iter_modules([str(here)]), key=lambda m: m.name):
        if not info.name.startswith("bench_") or wanted not in info.name:
            continue
        print(f"\n=== {info.name}", flush=True)
        started = time.perf_counter()
        importlib.import_module(f"bench.{info.name}").main()
        print(f"--- {info.name} done in {time.perf_counter() - started:.1f}s", flush=True)


main()
