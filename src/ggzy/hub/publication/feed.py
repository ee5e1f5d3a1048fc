"""The notices feed (``GET /api/v1/notices?cursor=``): a client polling it never misses a notice.

The race: ids and ``published_at`` are taken *inside* the publishing transaction, so a notice with
a smaller id/time can commit after one with a larger id was already served; a cursor past the
larger one would skip it for ever. So the feed is ordered by ``feed_position``, handed out in a
separate step, after commit, under one row lock (``FeedCounter``): a position is only ever given to
a committed notice, and every later position goes to a notice committed no earlier. A reader that
sees position N therefore already sees every position below N. See docs/portal.md.
"""

from __future__ import annotations

import logging

from django.db import transaction

from ggzy.core.pagination import DEFAULT_LIMIT, encode_cursor, paginate

from .models import FeedCounter, Notice

log = logging.getLogger(__name__)

BATCH = 500


def feed_assign_positions() -> int:
    """Give feed positions to committed notices that have none, oldest first. Idempotent and safe
    to run concurrently (after publish via ``on_commit``, and by the worker as a safety net)."""
    assigned = 0
    # A plain read first: the worker polls every few seconds and should not take the write lock
    # (on SQLite, the whole database) when there is nothing to number.
    if not Notice.objects.filter(feed_position__isnull=True).exists():
        return 0
    while True:
        with transaction.atomic():
            FeedCounter.objects.bulk_create(
                [FeedCounter(singleton=1, last_position=0)], ignore_conflicts=True
            )
            counter = FeedCounter.objects.select_for_update().get(singleton=1)
            pending = list(
                Notice.objects.filter(feed_position__isnull=True).order_by("published_at", "id")[:BATCH]
            )
            if not pending:
                return assigned
            for offset, notice in enumerate(pending, start=1):
                notice.feed_position = counter.last_position + offset
            Notice.objects.bulk_update(pending, ["feed_position"])
            counter.last_position += len(pending)
            counter.save(update_fields=["last_position"])
            assigned += len(pending)


def assign_after_commit() -> None:
    try:
        feed_assign_positions()
    except Exception:  # the worker's periodic run retries; the publish itself has committed
        log.exception("feed position assignment failed; the worker will retry")


def feed_page(
    *,
    cursor: str | None,
    limit: int = DEFAULT_LIMIT,
    kind: str = "",
    catalogue_code: str = "",
    district: str = "",
):
    """(notices, next_cursor, more): notices after ``cursor`` in feed order.

    ``next`` is the cursor to poll with next time — it is returned even on the last page (the
    position after the last served notice, or the given cursor when nothing new), so a poller never
    restarts from the beginning; it is null only for an empty feed polled without a cursor.
    """
    qs = Notice.objects.filter(feed_position__isnull=False).select_related("catalogue_entry", "issuer")
    # Filters select a subset of the same position order, so a filtered poller misses nothing either.
    if kind:
        qs = qs.filter(kind=kind)
    if catalogue_code:
        qs = qs.filter(catalogue_code=catalogue_code.strip().upper())
    if district:
        qs = qs.filter(district=district)
    rows, next_cursor = paginate(qs, cursor=cursor, keys=("feed_position",), limit=limit)
    more = next_cursor is not None
    if next_cursor is None:
        if rows:
            next_cursor = encode_cursor([rows[-1].feed_position])
        else:
            next_cursor = cursor or None
    return rows, next_cursor, more
