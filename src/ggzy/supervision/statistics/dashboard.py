"""The statistics dashboard as one value: filters → indicators, charts and tables (HTML, CSV, API)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from ggzy.catalog.selectors import current_entries

from . import charts, indicators, selectors

MONTH_RE = re.compile(r"^(19|20)\d\d-(0[1-9]|1[0-2])$")


@dataclass
class Filters:
    dimension: str = "month"
    category: str = ""
    district: str = ""
    month_from: str = ""
    month_to: str = ""

    @classmethod
    def from_query(cls, query) -> Filters:
        dimension = query.get("dimension", "month")
        return cls(
            dimension=dimension if dimension in indicators.DIMENSIONS else "month",
            category=(query.get("category") or "").strip().upper()[:20],
            district=(query.get("district") or "").strip()[:40],
            month_from=query.get("from", "") if MONTH_RE.match(query.get("from", "") or "") else "",
            month_to=query.get("to", "") if MONTH_RE.match(query.get("to", "") or "") else "",
        )


@dataclass
class Dashboard:
    scope: selectors.Scope
    filters: Filters
    total: indicators.Indicators
    rows: list[indicators.Indicators]
    alerts: selectors.AlertTimes
    categories: list[str] = field(default_factory=list)
    districts: list[str] = field(default_factory=list)
    charts: list[charts.BarChart] = field(default_factory=list)


def build(*, user, filters: Filters) -> Dashboard:
    scope = selectors.scope_for(user)
    everything = selectors.load_processes(scope)
    chosen = selectors.filter_processes(
        everything,
        category=filters.category,
        district=filters.district,
        month_from=filters.month_from,
        month_to=filters.month_to,
    )
    rows = indicators.by_dimension(chosen, filters.dimension)
    board = Dashboard(
        scope=scope,
        filters=filters,
        total=indicators.compute(chosen, key="合计"),
        rows=rows,
        alerts=selectors.alert_handling(scope),
        categories=sorted({p.catalogue_code for p in everything if p.catalogue_code}),
        districts=sorted({p.district for p in everything if p.district}),
    )
    if filters.dimension == "category":
        names = dict(current_entries().filter(code__in=[r.key for r in rows]).values_list("code", "name"))
        for r in rows:
            r.label = f"{r.key} {names[r.key]}" if r.key in names else r.key
    keys = [r.label or r.key for r in rows]
    board.charts = [
        charts.bar_chart("成交金额", list(zip(keys, [r.value for r in rows], strict=True)), charts.money, 0),
        charts.bar_chart(
            "成交数", list(zip(keys, [float(r.trades) for r in rows], strict=True)), charts.number, 1
        ),
        charts.bar_chart(
            "节资率", list(zip(keys, [r.savings_rate for r in rows], strict=True)), charts.percent, 2
        ),
        charts.bar_chart(
            "平均投标人数",
            list(zip(keys, [r.bidders_per_tender for r in rows], strict=True)),
            charts.number,
            4,
        ),
        charts.bar_chart(
            "单一投标率", list(zip(keys, [r.single_bid_rate for r in rows], strict=True)), charts.percent, 3
        ),
        charts.bar_chart(
            "流标率", list(zip(keys, [r.failed_rate for r in rows], strict=True)), charts.percent, 3
        ),
        charts.bar_chart(
            "市场集中度 HHI", list(zip(keys, [r.hhi for r in rows], strict=True)), charts.number, 1
        ),
    ]
    return board


def to_csv(board: Dashboard) -> str:
    out = io.StringIO()
    out.write("\ufeff")  # Excel opens UTF-8 Chinese text correctly only with a BOM
    writer = csv.writer(out)
    writer.writerow([label for _, label in indicators.Indicators.CSV_COLUMNS])
    for row in [*board.rows, board.total]:
        writer.writerow(row.csv_row())
    return out.getvalue()


def to_json(board: Dashboard) -> dict:
    def one(r: indicators.Indicators) -> dict:
        data = {name: getattr(r, name) for name, _ in indicators.Indicators.CSV_COLUMNS}
        data["label"] = r.label or r.key
        data["topWinners"] = [{"id": w, "name": n, "value": v, "share": s} for w, n, v, s in r.top_winners]
        return data

    return {
        "scope": board.scope.label,
        "dimension": board.filters.dimension,
        "filters": {
            "category": board.filters.category,
            "district": board.filters.district,
            "from": board.filters.month_from,
            "to": board.filters.month_to,
        },
        "rows": [one(r) for r in board.rows],
        "total": one(board.total),
        "alerts": {
            "total": board.alerts.total,
            "open": board.alerts.open,
            "byStatus": board.alerts.by_status,
            "medianHoursToFirstAction": board.alerts.hours_to_first_action,
            "medianHoursToClose": board.alerts.hours_to_close,
        },
    }
