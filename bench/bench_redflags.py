"""Red-flag scanner at scale (docs/redflags.md, "Benchmark").

1. Generates a synthetic market of about 1,000,000 bids (~156,000 tenders) in a temp dir.
2. Baselines, each in its own child process: load the same JSONL and compute every tender's CV
   of bid amounts with DuckDB and with polars.
3. ``python -m ggzy.cli redflags scan`` on the file, in a child process.
Reports wall time, peak RSS of each child (resource.getrusage), the ratio scan / baseline, the
machine's load average (other jobs on the box slow every figure), and the detection metrics of
the scan against the generator's answer key. Aim: scan ≤ 60 s and ≤ 4 GiB on 2 cores.

Run: ``python -m bench redflags``. GGZY_BENCH_REDFLAGS_TENDERS changes the size.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SRC = str(Path(__file__).resolve().parent.parent / "src")
TENDERS = int(os.environ.get("GGZY_BENCH_REDFLAGS_TENDERS", "156000"))

_MEASURE = """
import resource, subprocess, sys, time, json
began = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
wall = time.perf_counter() - began
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
peak = usage.ru_maxrss * 1024
print(json.dumps({"wall": wall, "peak": peak, "cpu": usage.ru_utime + usage.ru_stime, "rc": done.returncode, "out": done.stdout[-2000:], "err": done.stderr[-2000:]}))
"""

_DUCKDB = """
import duckdb, sys
rows = duckdb.sql(f'''
  select ocid, stddev_samp(amount) / avg(amount) as cv from (
    select ocid, unnest(bids.details).value.amount as amount
    from read_ndjson('{sys.argv[1]}', columns={{'ocid': 'VARCHAR',
         'bids': 'STRUCT(details STRUCT(value STRUCT(amount DOUBLE))[])'}}, ignore_errors=true)
  ) group by ocid''').fetchall()
print(len(rows))
"""

_POLARS = """
import polars as pl, sys
schema = {"ocid": pl.String, "bids": pl.Struct({"details": pl.List(pl.Struct({"value": pl.Struct({"amount": pl.Float64})}))})}
df = pl.read_ndjson(sys.argv[1], schema=schema)
cv = (df.select("ocid", d=pl.col("bids").struct.field("details")).explode("d")
      .select("ocid", a=pl.col("d").struct.field("value").struct.field("amount"))
      .group_by("ocid").agg(cv=pl.col("a").std() / pl.col("a").mean()))
print(cv.height)
"""


def _measure(cmd: list[str]) -> dict:
    env = {**os.environ, "PYTHONPATH": SRC, "DJANGO_SETTINGS_MODULE": "ggzy.config.settings"}
    done = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], capture_output=True, text=True, env=env)
    return json.loads(done.stdout)


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def _quality(flags_path: Path, key_path: Path) -> dict:
    sys.path.insert(0, SRC)
    from ggzy.supervision.redflags.engine.evaluate import metrics
    from ggzy.supervision.redflags.engine.result import Result

    document = json.loads(flags_path.read_text(encoding="utf-8"))
    key = json.loads(key_path.read_text(encoding="utf-8"))
    result = Result(tenders=document["tenders"], bidders=document["bidders"], groups=document["groups"])
    return metrics(result, key)


def main() -> None:
    sys.path.insert(0, SRC)
    from ggzy.supervision.redflags.engine.synth import write

    with tempfile.TemporaryDirectory(prefix="ggzy-redflags-") as tmp:
        data = Path(tmp) / "market.jsonl"
        began = time.perf_counter()
        _, key, bids = write(2026, TENDERS, data)
        size = data.stat().st_size
        print(
            f"generated {TENDERS:,} tenders, {bids:,} bids, {size / 2**20:.0f} MiB in {time.perf_counter() - began:.0f}s"
        )
        print(f"load average before: {_load()}")
        results = {}
        for name, cmd in (
            ("baseline duckdb (load + CV per tender)", [sys.executable, "-c", _DUCKDB, str(data)]),
            ("baseline polars (load + CV per tender)", [sys.executable, "-c", _POLARS, str(data)]),
            (
                "ggzy redflags scan",
                [
                    sys.executable,
                    "-m",
                    "ggzy.cli",
                    "redflags",
                    "scan",
                    str(data),
                    "--out",
                    f"{tmp}/flags.json",
                ],
            ),
        ):
            results[name] = figures = _measure(cmd)
            status = "ok" if figures["rc"] == 0 else f"FAILED rc={figures['rc']}: {figures['err'][-500:]}"
            print(
                f"{name:42s} wall {figures['wall']:7.1f} s   peak RSS {figures['peak'] / 2**30:5.2f} GiB   {status}",
                flush=True,
            )
        print(f"load average after: {_load()}")
        scan = results["ggzy redflags scan"]["wall"]
        for name in ("baseline duckdb (load + CV per tender)", "baseline polars (load + CV per tender)"):
            cpu = results["ggzy redflags scan"]["cpu"] / max(results[name]["cpu"], 1e-9)
            print(
                f"ratio scan / {name.split(' (')[0]}: wall {scan / results[name]['wall']:.1f}x, CPU {cpu:.1f}x"
            )
        if results["ggzy redflags scan"]["rc"] == 0:
            quality = _quality(Path(tmp) / "flags.json", key)
            print(
                "quality on this market (seed 2026, weights from training seeds 1-3): " + json.dumps(quality)
            )


if __name__ == "__main__":
    main()
