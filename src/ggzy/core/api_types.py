"""Field types for API input that pydantic's lax parsing would otherwise read too generously."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated

from pydantic import BeforeValidator, WithJsonSchema

ISO_DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
_ISO_DATE = re.compile(ISO_DATE_PATTERN, re.ASCII)


def _iso_date_only(value):
    # pydantic reads a number (``?on=0``) as seconds since 1970 and accepts 20260101: only YYYY-MM-DD is a date.
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return value
    raise ValueError("日期格式应为 YYYY-MM-DD")


IsoDate = Annotated[
    dt.date,
    BeforeValidator(_iso_date_only),
    WithJsonSchema({"type": "string", "format": "date", "pattern": ISO_DATE_PATTERN}),
]

DECIMAL_PATTERN = r"^-?\d+(\.\d+)?$"

# pydantic publishes Decimal as "number or any string"; only numerals are amounts.
Amount = Annotated[
    Decimal,
    WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "string", "pattern": DECIMAL_PATTERN}]}),
]
