"""Cursor pagination: an opaque cursor that encodes the last row's sort key.

Stable under inserts (a poller never skips or repeats a row), unlike offset pagination.

A cursor comes back from the client, so it is untrusted input: every value is checked against the type
of the field it stands for before it reaches a query, and anything else — wrong count, wrong type,
nested values, numbers or dates the database cannot hold — is one refusal, 400 ``invalid_cursor``.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet

from .exceptions import BadRequest

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_CURSOR_LENGTH = 1024  # ours are a few dozen characters
MAX_TEXT_VALUE = 300
_INT64 = (-(2**63), 2**63 - 1)


def invalid_cursor() -> BadRequest:
    return BadRequest("分页游标无效，请去掉 cursor 参数从第一页重新获取", code="invalid_cursor")


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps(values, default=str, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _no_constants(name: str):
    raise ValueError(name)  # NaN / Infinity are not JSON


def decode_cursor(cursor: str, *, length: int | None = None) -> list[Any]:
    """The cursor's values: a flat list of strings and numbers (of ``length`` items when given)."""
    if len(cursor) > MAX_CURSOR_LENGTH:
        raise invalid_cursor()
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")), parse_constant=_no_constants)
    except (ValueError, TypeError, RecursionError, binascii.Error) as exc:
        raise invalid_cursor() from exc
    if not isinstance(values, list) or not values or (length is not None and len(values) != length):
        raise invalid_cursor()
    if any(isinstance(v, list | dict | bool) or v is None for v in values):
        raise invalid_cursor()
    return values


def cursor_datetime(value: Any) -> dt.datetime:
    """An aware datetime from a cursor value (ISO 8601 with offset) that the database can store."""
    if not isinstance(value, str) or len(value) > 40:
        raise invalid_cursor()
    try:
        moment = dt.datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise ValueError(value)
        moment.astimezone(dt.UTC)  # out of range once in UTC (year 0 / 10000)
    except (ValueError, OverflowError) as exc:
        raise invalid_cursor() from exc
    return moment


def cursor_text(value: Any) -> str:
    if (
        not isinstance(value, str)
        or len(value) > MAX_TEXT_VALUE
        or any(ord(c) < 32 or 0xD800 <= ord(c) <= 0xDFFF for c in value)
    ):
        raise invalid_cursor()
    return value


def _cursor_int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not _INT64[0] <= value <= _INT64[1]:
        raise invalid_cursor()
    return value


def _field(model, key: str) -> models.Field:
    field = None
    for part in key.split("__"):
        field = model._meta.get_field(part)
        model = field.related_model
    return field


def _typed(field: models.Field, value: Any) -> Any:
    if isinstance(field, models.DateTimeField):
        return cursor_datetime(value)
    if isinstance(field, models.DateField):
        try:
            return dt.date.fromisoformat(cursor_text(value))
        except ValueError as exc:
            raise invalid_cursor() from exc
    if isinstance(field, models.IntegerField | models.ForeignKey):
        return _cursor_int(value)
    if isinstance(field, models.CharField | models.TextField):
        return cursor_text(value)
    raise invalid_cursor()  # a key type this module has not been taught to check


def paginate(
    qs: QuerySet, *, cursor: str | None, keys: tuple[str, ...] = ("id",), limit: int = DEFAULT_LIMIT
):
    """Return (rows, next_cursor) ordered ascending by ``keys`` (the last key must be unique).

    Keys must be plain integer, text, date or datetime fields; datetimes are round-tripped as ISO strings.
    """
    limit = max(1, min(int(limit), MAX_LIMIT))
    qs = qs.order_by(*keys)
    if cursor:
        raw = decode_cursor(cursor, length=len(keys))
        values = [_typed(_field(qs.model, key), value) for key, value in zip(keys, raw, strict=True)]
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
