"""The work behind ``ggzy redflags scan|generate|evaluate`` (the Django command only parses)."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from . import VERSION, evaluate, scan_file
from .config import Config
from .synth import write


class ScanFailed(Exception):
    """Raised for unusable input (exit code 2)."""


def _progress(total: int):
    """A rich progress bar on stderr when stderr is a terminal; else a no-op."""
    if not sys.stderr.isatty():
        return None, None
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

    progress = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = progress.add_task("读取", total=total)
    return progress, lambda n: progress.advance(task, n)


def run_scan(input_path: str, out: str, config_path: str | None, stderr=None) -> dict:
    """Scan INPUT.jsonl and write FLAGS.json; returns the input counts."""
    stderr = stderr or sys.stderr
    try:
        config = Config.load(config_path)
    except (OSError, ValueError, TypeError) as exc:
        raise ScanFailed(f"配置文件无法使用: {exc}") from exc
    path = Path(input_path)
    if not path.is_file():
        raise ScanFailed(f"输入文件不存在: {input_path}")

    def on_bad(line_no: int, reason: str) -> None:
        stderr.write(f"第 {line_no} 行已跳过: {reason}\n")

    progress, advance = _progress(path.stat().st_size)
    if progress is not None:
        progress.start()
    try:
        result = scan_file(path, config, on_bad=on_bad, progress=advance)
    finally:
        if progress is not None:
            progress.stop()
    stats = result.stats
    if stats.releases == 0:
        raise ScanFailed(f"没有可读取的发布(共 {stats.lines} 行,跳过 {stats.skipped_lines} 行)")
    document = result.to_dict(version=VERSION, generated_at=datetime.now(UTC).isoformat(timespec="seconds"))
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    if out == "-":
        sys.stdout.write(text + "\n")
    else:
        tmp = Path(f"{out}.tmp{os.getpid()}")
        try:
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(out)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise ScanFailed(f"无法写入输出文件 {out}: {exc.strerror or exc}") from exc
    if stats.skipped_lines:
        stderr.write(f"共跳过 {stats.skipped_lines} 行无效输入\n")
    return document["input"]


def run_generate(seed: int, tenders: int, out: str) -> dict:
    data, key, bids = write(seed, tenders, out)
    return {"data": str(data), "key": str(key), "tenders": tenders, "bids": bids}


def run_evaluate(seeds: list[int], tenders: int, config_path: str | None, calibrate: bool) -> dict:
    config = Config.load(config_path)
    report: dict = {}
    if calibrate:
        config = evaluate.calibrate(tenders=tenders, config=config)
        report["calibrated"] = {
            "trainSeeds": list(evaluate.TRAIN_SEEDS),
            "stage1_weights": config.stage1_weights,
            "tender_weights": config.tender_weights,
        }
    report.update(evaluate.evaluate(seeds=seeds, tenders=tenders, config=config))
    report["config"] = {k: v for k, v in asdict(config).items() if k.endswith("weights")}
    return report
