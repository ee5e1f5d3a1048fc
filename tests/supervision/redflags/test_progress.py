"""The progress bar appears on stderr only when stderr is a terminal."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

from .builders import bid, honest_prices, release

SRC = str(Path(__file__).resolve().parents[3] / "src")


def _input(tmp_path: Path) -> Path:
    path = tmp_path / "in.jsonl"
    lines = [
        json.dumps(release(f"p-{i}", [bid(k + 1, p) for k, p in enumerate(honest_prices(i, 3))]))
        for i in range(5)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _scan(source: Path, out: Path, stderr) -> int:
    env = {
        **os.environ,
        "PYTHONPATH": SRC,
        "DJANGO_SETTINGS_MODULE": "ggzy.config.settings",
        "COLUMNS": "100",
    }
    cmd = [sys.executable, "-m", "ggzy.cli", "redflags", "scan", str(source), "--out", str(out)]
    return subprocess.run(cmd, stderr=stderr, stdout=subprocess.DEVNULL, env=env, timeout=120).returncode


def test_progress_bar_on_a_terminal_only(tmp_path):
    source = _input(tmp_path)
    primary, secondary = pty.openpty()
    try:
        assert _scan(source, tmp_path / "a.json", secondary) == 0
        os.close(secondary)
        chunks = []
        while True:
            try:
                data = os.read(primary, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(primary)
    terminal = b"".join(chunks).decode("utf-8", "replace")
    assert "读取" in terminal

    piped = subprocess.PIPE
    env = {**os.environ, "PYTHONPATH": SRC, "DJANGO_SETTINGS_MODULE": "ggzy.config.settings"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ggzy.cli",
            "redflags",
            "scan",
            str(source),
            "--out",
            str(tmp_path / "b.json"),
        ],
        stderr=piped,
        stdout=piped,
        env=env,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0
    assert "读取" not in done.stderr
