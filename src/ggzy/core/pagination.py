"""Cursor pagination: an opaque cursor that encodes the last row's sort key.

Stable under inserts (a poller never skips or repeats a row), unlike offset pagination.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from django.db.models import Q, QuerySet

from .exceptions import InvalidInput

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps(values, default=str, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, TypeError) as exc:
        raise InvalidInput("分页游标无效", code="invalid_cursor") from exc
    if not isinstance(values, list):
        raise InvalidInput("分页游标无效", code="invalid_cursor")
    return values


def paginate(qs: QuerySet, *, cursor: str | None, keys: tuple[str, ...] = ("id",), limit: int = DEFAULT_LIMIT):
    """Return (rows, next_cursor) ordered ascending by ``keys`` (the last key must be unique).

    Keys must be plain fields; datetimes are round-tripped as ISO strings.
    """
    limit = max(1, min(int(limit), MAX_LIMIT))
    qs = qs.order_by(*keys)
    if cursor:
        values = decode_cursor(cursor)
        if len(values) != len(keys):
            raise InvalidInput("分页游标无效", code="invalid_cursor")
        # (k1, k2, ...) > (v1, v2, ...) lexicographically
        condition = Q()
        for i, key in enumerate(keys):
            term = Q(**{f"{key}__gt": values[i]})
            for j in range(i):
                term &= Q(**{keys[j]: values[j]})
            condition |= term
        qs = qs.filter(condition)
    rows = list(qs[: limit + 1])
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = encode_cursor([_key_value(last, k) for k in keys])
    return rows, next_cursor


def _key_value(obj, key: str):
    value = obj
    for part in key.split("__"):
        value = getattr(value, part)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
