"""Small helpers shared by the benchmarks' output."""

from __future__ import annotations

import os
import statistics


def load() -> str:
    """The machine's 1/5/15-minute load averages and CPU count (other jobs slow every figure)."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def median(values: list[float]) -> float:
    return statistics.median(values)
