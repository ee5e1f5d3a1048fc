"""Shared helpers of the supervision pages and API (exchange, redflags, statistics): the reporting month.

Access and refusals are the one web layer's: ``parties.permissions.roles_required`` and
``ggzy.core.web.GgzyErrorPageMiddleware``.
"""

from __future__ import annotations

import datetime as dt
import re

from ggzy.core import clock


def parse_month(text: str | None) -> str:
    """'YYYY-MM' (validated) or the current month in Asia/Shanghai."""
    if text and re.fullmatch(r"(19|20)\d\d-(0[1-9]|1[0-2])", text):
        return text
    return clock.local_now().strftime("%Y-%m")


def month_bounds(month: str) -> tuple[dt.datetime, dt.datetime]:
    year, number = (int(part) for part in month.split("-"))
    start = dt.datetime(year, number, 1, tzinfo=clock.SHANGHAI)
    end = (start + dt.timedelta(days=32)).replace(day=1)
    return start, end
