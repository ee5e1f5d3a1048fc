"""The notice search index: pre-segmented words, kept in step by the publish service.

- SQLite (default): an FTS5 virtual table ``publication_notice_fts(title, body)`` whose rowid is the
  notice id; its ``unicode61`` tokenizer splits the stored words on spaces.
- PostgreSQL: a ``tsvector`` column ``publication_notice.search_vector`` (``'simple'`` configuration,
  title words weighted A, body words B) with a GIN index.

Both are created by migration 0002 and hold the same words (``segmentation.segmented``), so both
find the same notices. Segmentation happens in Python, hence no triggers: ``notice_publish`` calls
``index_rows`` in its transaction, and ``ggzy notices reindex`` rebuilds the whole index.
This module takes plain ``(id, title, body)`` rows so migrations can use it too.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connections

from .segmentation import segmented

FTS_TABLE = "publication_notice_fts"
NOTICE_TABLE = "publication_notice"
BATCH = 2_000

_PG_UPDATE = (
    f"UPDATE {NOTICE_TABLE} SET search_vector = setweight(to_tsvector('simple', %s), 'A')"
    " || setweight(to_tsvector('simple', %s), 'B') WHERE id = %s"
)


def supported(vendor: str) -> bool:
    return vendor in ("sqlite", "postgresql")


def index_rows(rows: Iterable[tuple[int, str, str]], *, using: str = "default") -> int:
    """(Re)index notices given as ``(id, title, body)``; returns how many. Runs in the caller's transaction."""
    connection = connections[using]
    if not supported(connection.vendor):
        return 0
    done = 0
    batch: list[tuple[int, str, str]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            done += _write(connection, batch)
            batch = []
    if batch:
        done += _write(connection, batch)
    return done


def _write(connection, batch: list[tuple[int, str, str]]) -> int:
    words = [(pk, segmented(title), segmented(body)) for pk, title, body in batch]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.executemany(_PG_UPDATE, [(t, b, pk) for pk, t, b in words])
        else:
            cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(pk,) for pk, _, _ in words])
            cursor.executemany(f"INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (%s, %s, %s)", words)
    return len(words)


def clear(*, using: str = "default") -> None:
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"UPDATE {NOTICE_TABLE} SET search_vector = NULL WHERE search_vector IS NOT NULL")
        elif connection.vendor == "sqlite":
            cursor.execute(f"DELETE FROM {FTS_TABLE}")


# --- migration SQL (per vendor) ---------------------------------------------------------------

SQLITE_CREATE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(title, body, tokenize = 'unicode61')"
)
SQLITE_DROP = f"DROP TABLE IF EXISTS {FTS_TABLE}"
PG_CREATE = [
    f"ALTER TABLE {NOTICE_TABLE} ADD COLUMN IF NOT EXISTS search_vector tsvector",
    f"CREATE INDEX IF NOT EXISTS notice_search_gin ON {NOTICE_TABLE} USING gin (search_vector)",
]
PG_DROP = [
    "DROP INDEX IF EXISTS notice_search_gin",
    f"ALTER TABLE {NOTICE_TABLE} DROP COLUMN IF EXISTS search_vector",
]
