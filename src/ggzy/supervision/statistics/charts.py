"""Server-rendered SVG charts: geometry computed here, drawn by ``statistics/_bar_chart.html``.

No script and no inline style (strict CSP): the SVG uses presentation attributes only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 70, 16, 28, 56
PALETTE = ("#1f5fa8", "#d9822b", "#2f9e6e", "#b23b3b", "#6a4fb3")


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    text: str
    label_x: float
    fill: str


@dataclass
class BarChart:
    title: str
    bars: list[Bar] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)  # (y, text)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    baseline: float = HEIGHT - BOTTOM
    right_edge: int = WIDTH - RIGHT
    empty: bool = True


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1) if value >= 1 else 0.1
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


def bar_chart(
    title: str, items: list[tuple[str, float | None]], fmt: Callable[[float], str] = str, colour: int = 0
) -> BarChart:
    chart = BarChart(title=title)
    values = [(label, v) for label, v in items if v is not None]
    if not values:
        return chart
    chart.empty = False
    top = _nice_max(max(v for _, v in values))
    plot_h = HEIGHT - TOP - BOTTOM
    plot_w = WIDTH - LEFT - RIGHT
    slot = plot_w / len(values)
    width = max(2.0, min(48.0, slot * 0.7))
    for i, (label, value) in enumerate(values):
        h = plot_h * max(value, 0) / top
        x = LEFT + i * slot + (slot - width) / 2
        chart.bars.append(
            Bar(
                x=round(x, 1),
                y=round(TOP + plot_h - h, 1),
                width=round(width, 1),
                height=round(h, 1),
                label=label if len(values) <= 16 or i % 2 == 0 else "",
                text=fmt(value),
                label_x=round(x + width / 2, 1),
                fill=PALETTE[colour % len(PALETTE)],
            )
        )
    chart.ticks = [(round(TOP + plot_h * (1 - k / 4), 1), fmt(top * k / 4)) for k in range(5)]
    return chart


def money(value: float) -> str:
    if abs(value) >= 1e8:
        return f"{value / 1e8:.2f}亿"
    if abs(value) >= 1e4:
        return f"{value / 1e4:.0f}万"
    return f"{value:.0f}"


def percent(value: float) -> str:
    return f"{value * 100:.1f}%"


def number(value: float) -> str:
    return f"{value:.1f}" if value % 1 else f"{value:.0f}"
