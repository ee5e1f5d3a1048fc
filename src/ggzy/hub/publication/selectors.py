"""Reads of notices for the pages (newest first) — the JSON feed is in ``feed.py``.

The 信息公开 list is read a page at a time by keyset (``notice_page``): each page is an ordered
index scan that stops after ``size + 1`` rows, whatever the table's size. There is no exact
``COUNT(*)``: the page shows an exact count only up to ``COUNT_CAP``, and for the unfiltered list
on PostgreSQL the planner's estimate (``pg_class.reltuples``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Q, QuerySet

from ggzy.catalog.models import CatalogueEntry
from ggzy.core.clock import SHANGHAI
from ggzy.core.exceptions import BadRequest
from ggzy.core.pagination import cursor_datetime, decode_cursor, encode_cursor

from .districts import normalise_district
from .models import FeedCounter, Notice
from .search import looks_like_project_code, search_groups

COUNT_CAP = 1000


@dataclass(frozen=True)
class NoticeFilter:
    category: str = ""  # catalogue entry code ("GC01") or group ("works")
    district: str = ""
    kind: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    q: str = ""
    code: str = ""  # project code (招标项目编号), exact


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=SHANGHAI)


def _filtered(f: NoticeFilter) -> QuerySet[Notice]:
    qs = Notice.objects.all()
    if f.category:
        if f.category in CatalogueEntry.Group.values:
            qs = qs.filter(catalogue_group=f.category)
        else:
            qs = qs.filter(catalogue_code=f.category.upper())
    if f.district:
        qs = qs.filter(district=normalise_district(f.district) or f.district)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.date_from:
        qs = qs.filter(published_at__gte=_day_start(f.date_from))
    if f.date_to:
        qs = qs.filter(published_at__lt=_day_start(f.date_to + dt.timedelta(days=1)))
    if f.code:
        qs = qs.filter(project_code=f.code.strip().upper())
    return qs


def _groups(f: NoticeFilter) -> tuple[list[QuerySet[Notice]], list[str]]:
    """The list as groups in display order, each read newest first; and the search words."""
    qs = _filtered(f)
    q = f.q.strip()
    if not q:
        return [qs], []
    if looks_like_project_code(q):
        by_code = qs.filter(project_code=q.upper())
        if by_code.exists():
            return [by_code], []
    return search_groups(qs, q)


def notice_list(f: NoticeFilter) -> list[Notice]:
    """Every notice matching ``f`` in display order (search: best-ranked group first, each newest first).
    For tests and small exports; pages read ``notice_page``."""
    groups, _terms = _groups(f)
    return [
        n
        for g in groups
        for n in g.select_related("catalogue_entry", "issuer").order_by("-published_at", "-id")
    ]


@dataclass
class NoticePage:
    rows: list[Notice]
    terms: list[str] = field(default_factory=list)  # search words, for highlighting
    next_cursor: str | None = None
    prev_cursor: str | None = None
    count: int = 0
    count_kind: str = "exact"  # "exact", "more" (more than COUNT_CAP) or "estimate"

    @property
    def count_estimated(self) -> bool:
        return self.count_kind == "estimate"

    @property
    def count_capped(self) -> bool:
        """More than ``count`` (the count stopped at its cap)."""
        return self.count_kind == "more"


def _cursor(group: int, notice: Notice) -> str:
    return encode_cursor([group, notice.published_at.isoformat(), notice.pk])


def _read_cursor(cursor: str, groups: int) -> tuple[int, dt.datetime, int] | None:
    try:
        group, moment, pk = decode_cursor(cursor, length=3)
        if not isinstance(group, int) or not isinstance(pk, int) or not 0 <= group < groups:
            return None
        return group, cursor_datetime(moment), pk
    except BadRequest:
        return None


def _after(qs, moment, pk):
    return qs.filter(Q(published_at__lt=moment) | Q(published_at=moment, pk__lt=pk))


def _before(qs, moment, pk):
    return qs.filter(Q(published_at__gt=moment) | Q(published_at=moment, pk__gt=pk))


def _count(groups: list[QuerySet[Notice]], f: NoticeFilter) -> tuple[int, str]:
    if not any(v for v in f.__dict__.values()):
        estimate = _estimated_total(groups[0].db)
        if estimate is not None and estimate > COUNT_CAP:
            return estimate, "estimate"
    total = 0
    for group in groups:
        total += group.order_by()[: COUNT_CAP + 1 - total].count()
        if total > COUNT_CAP:
            return COUNT_CAP, "more"
    return total, "exact"


def _estimated_total(db: str) -> int | None:
    connection = connections[db]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = 'publication_notice'::regclass")
        row = cursor.fetchone()
    return int(row[0]) if row and row[0] and row[0] > 0 else None


def notice_page(f: NoticeFilter, *, after: str = "", before: str = "", size: int = 20) -> NoticePage:
    """One page of the list: ``size`` notices after (or before) a cursor taken from a previous page.
    An unreadable cursor gives the first page."""
    groups, terms = _groups(f)
    groups = [g.select_related("catalogue_entry", "issuer") for g in groups]
    position = _read_cursor(before or after, len(groups)) if (before or after) else None
    backwards = bool(before) and position is not None
    picked: list[tuple[int, Notice]] = []
    if backwards:
        start, moment, pk = position
        for index in range(start, -1, -1):
            qs = _before(groups[index], moment, pk) if index == start else groups[index]
            need = size + 1 - len(picked)
            picked += [(index, n) for n in qs.order_by("published_at", "id")[:need]]
            if len(picked) > size:
                break
        more_before = len(picked) > size
        picked = list(reversed(picked[:size]))
        more_after = True
    else:
        start = position[0] if position else 0
        for index in range(start, len(groups)):
            qs = _after(groups[index], *position[1:]) if position and index == start else groups[index]
            need = size + 1 - len(picked)
            picked += [(index, n) for n in qs.order_by("-published_at", "-id")[:need]]
            if len(picked) > size:
                break
        more_after = len(picked) > size
        picked = picked[:size]
        more_before = position is not None
    count, count_kind = _count(groups, f)
    return NoticePage(
        rows=[n for _, n in picked],
        terms=terms,
        next_cursor=_cursor(*picked[-1]) if picked and more_after else None,
        prev_cursor=_cursor(*picked[0]) if picked and more_before else None,
        count=count,
        count_kind=count_kind,
    )


def latest_notices(limit: int = 8) -> list[Notice]:
    return list(Notice.objects.select_related("catalogue_entry").order_by("-published_at", "-id")[:limit])


def notices_for_source(source_type: str, source_id) -> QuerySet[Notice]:
    """Every notice about one object (a tender, a section …), oldest first."""
    return Notice.objects.filter(source_type=source_type, source_id=str(source_id)).order_by(
        "published_at", "id"
    )


def source_url(notice: Notice) -> str:
    """The page of the object the notice is about (e.g. the tender), when that model has one."""
    if not notice.source_type:
        return ""
    from django.apps import apps

    try:
        model = apps.get_model(notice.source_type)
    except (LookupError, ValueError):
        return ""
    if not hasattr(model, "get_absolute_url"):
        return ""
    obj = model._default_manager.filter(pk=notice.source_id).first()
    return obj.get_absolute_url() if obj is not None else ""


def related_notices(notice: Notice) -> list[Notice]:
    """Every other notice about the same object, oldest first (the project's notice history)."""
    if not notice.source_type:
        return []
    return list(notices_for_source(notice.source_type, notice.source_id).exclude(pk=notice.pk))


def notices_version(using: str = "default") -> str:
    """Changes whenever the published notices change, for caches of public pages: the feed counter
    (moved right after every publish commits) and the newest id (before that). One cheap query."""
    counter, notice = FeedCounter._meta.db_table, Notice._meta.db_table
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT last_position FROM {counter} WHERE singleton = 1), (SELECT MAX(id) FROM {notice})"
        )
        position, newest = cursor.fetchone()
    return f"{position or 0}.{newest or 0}"
