"""Helpers for the audit-chain tests: records with chosen ids, and tampering behind the triggers' back."""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib

import pytest
from django.db import connection

from ggzy.core import audit
from ggzy.core.models import AuditRecord

_triggers = importlib.import_module("ggzy.core.migrations.0005_audit_append_only")


@contextlib.contextmanager
def triggers_dropped():
    """What an attacker with DB access does first: drop the append-only triggers (restored after)."""
    vendor = connection.vendor
    drop = {"sqlite": _triggers.SQLITE_REVERSE, "postgresql": _triggers.PG_REVERSE}[vendor]
    create = {"sqlite": _triggers.SQLITE_FORWARD, "postgresql": _triggers.PG_FORWARD}[vendor]
    with connection.cursor() as cursor:
        for sql in drop:
            cursor.execute(sql)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for sql in create:
                cursor.execute(sql)


def raw_sql(sql: str, params=None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def make_record(record_id: int | None = None, *, action: str = "test.changed", payload: dict | None = None):
    """An audit record as record() writes it, optionally under a chosen id (to lay out gaps)."""
    if record_id is None:
        return audit.record(actor=None, action=action, payload=payload or {"n": 1})
    payload = payload or {"n": record_id}
    row = AuditRecord(
        id=record_id,
        at=dt.datetime(2026, 11, 1, 8, 0, record_id % 60, 123456, tzinfo=dt.UTC),
        actor_username="system",
        role="system",
        channel="system",
        action=action,
        target_type="tests.thing",
        target_id=str(record_id),
        payload=payload,
        payload_digest=audit.digest(payload),
    )
    row.record_hash = row.compute_hash()
    row.save(force_insert=True)
    return row


@pytest.fixture
def audit_records(db):
    """Eight ordinary records written through record()."""
    return [make_record(action=f"test.step{i}", payload={"i": i, "名称": "测试"}) for i in range(8)]
