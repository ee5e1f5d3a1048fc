"""Reads of notices for the pages (newest first) — the JSON feed is in ``feed.py``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from ggzy.catalog.models import CatalogueEntry
from ggzy.core.clock import SHANGHAI

from .districts import normalise_district
from .models import Notice


@dataclass(frozen=True)
class NoticeFilter:
    category: str = ""  # catalogue entry code ("GC01") or group ("works")
    district: str = ""
    kind: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    q: str = ""


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=SHANGHAI)


def notice_list(f: NoticeFilter) -> QuerySet[Notice]:
    """Published notices matching ``f``, newest first. Search is ``icontains`` on title and body —
    plain substring matching, which works for Chinese on SQLite and PostgreSQL alike."""
    qs = Notice.objects.select_related("catalogue_entry", "issuer")
    if f.category:
        if f.category in CatalogueEntry.Group.values:
            qs = qs.filter(catalogue_entry__group=f.category)
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
    q = f.q.strip()
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(body__icontains=q))
    return qs.order_by("-published_at", "-id")


def latest_notices(limit: int = 8) -> list[Notice]:
    return list(Notice.objects.select_related("catalogue_entry").order_by("-published_at", "-id")[:limit])


def notices_for_source(source_type: str, source_id) -> QuerySet[Notice]:
    """Every notice about one object (a tender, a section …), oldest first."""
    return Notice.objects.filter(source_type=source_type, source_id=str(source_id)).order_by("published_at", "id")


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
