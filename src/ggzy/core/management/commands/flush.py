"""``flush`` that also works on SQLite, whose audit tables reject DELETE by trigger.

Flushing wipes the whole database (a development and test tool, the same as dropping it): the append-only
triggers are lifted for that statement only and put back straight after. On PostgreSQL Django flushes with
TRUNCATE, which row triggers don't see, so nothing changes there. Test runs (TransactionTestCase, the live
server of the browser tests) call this command between tests.
"""

from __future__ import annotations

import importlib

from django.core.management.commands.flush import Command as DjangoFlush
from django.db import connections

_triggers = importlib.import_module("ggzy.core.migrations.0005_audit_append_only")


class Command(DjangoFlush):
    def handle(self, **options):
        connection = connections[options["database"]]
        if connection.vendor != "sqlite":
            return super().handle(**options)
        with connection.cursor() as cursor:
            for sql in _triggers.SQLITE_REVERSE:
                cursor.execute(sql)
        try:
            return super().handle(**options)
        finally:
            with connection.cursor() as cursor:
                for sql in _triggers.SQLITE_FORWARD:
                    cursor.execute(sql)
