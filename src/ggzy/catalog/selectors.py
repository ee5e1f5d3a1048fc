"""Reads of the catalogue. "Current" is always relative to ``clock.today()`` (Asia/Shanghai)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Max, Prefetch, Q, QuerySet, Value

from ggzy.core import clock
from ggzy.core.exceptions import NotFound

from .models import CatalogueEntry, CatalogueVersion, SubPlatform, TradingMethod


def current_catalogue(*, on: dt.date | None = None) -> CatalogueVersion | None:
    """The published version with the latest effective date on or before ``on`` (default today)."""
    on = on or clock.today()
    return (
        CatalogueVersion.objects.filter(status=CatalogueVersion.Status.PUBLISHED, effective_from__lte=on)
        .order_by("-effective_from", "-id")
        .first()
    )


def upcoming_catalogue(*, on: dt.date | None = None) -> CatalogueVersion | None:
    """A published version not yet in force (shown on the catalogue page as 即将实施)."""
    on = on or clock.today()
    return (
        CatalogueVersion.objects.filter(status=CatalogueVersion.Status.PUBLISHED, effective_from__gt=on)
        .order_by("effective_from", "id")
        .first()
    )


def version_entries(version: CatalogueVersion | None) -> QuerySet[CatalogueEntry]:
    if version is None:
        return CatalogueEntry.objects.none()
    return (
        CatalogueEntry.objects.filter(version=version)
        .select_related("platform", "version")
        .prefetch_related(Prefetch("regulators"), Prefetch("trading_methods"))
        .order_by("sort_order", "code")
    )


def current_entries(*, on: dt.date | None = None) -> QuerySet[CatalogueEntry]:
    return version_entries(current_catalogue(on=on))


def entry_by_code(code: str, *, on: dt.date | None = None) -> CatalogueEntry:
    """The entry of the current catalogue with this code, or ``NotFound(catalogue_entry_not_found)``.

    Trading services call this to check a project's catalogue code (in force on ``on``).
    """
    entry = current_entries(on=on).filter(code=(code or "").strip().upper()).first()
    if entry is None:
        raise NotFound(
            "现行交易目录中没有该目录编码", code="catalogue_entry_not_found", details={"code": code}
        )
    return entry


def entries_supervised_by(entity, *, on: dt.date | None = None) -> QuerySet[CatalogueEntry]:
    """Current entries whose regulators include ``entity`` — a regulator sees only its industry."""
    if entity is None:
        return CatalogueEntry.objects.none()
    return current_entries(on=on).filter(regulators=entity)


def published_versions() -> QuerySet[CatalogueVersion]:
    return (
        CatalogueVersion.objects.filter(status=CatalogueVersion.Status.PUBLISHED)
        .annotate(entry_count=Count("entries"))
        .order_by("-effective_from", "-id")
    )


def platforms_with_entries(version: CatalogueVersion | None) -> QuerySet[SubPlatform]:
    """Every registered sub-platform with how many entries of ``version`` it serves."""
    return SubPlatform.objects.order_by("id").annotate(
        entry_count=Count("entries", filter=Q(entries__version=version)) if version else Value(0)
    )


def public_pages_version() -> str:
    """Changes whenever a public catalogue page changes in substance: a version published or coming into
    force (published versions are frozen), a sub-platform or trading method added. Anything else shown
    there (a renamed regulator, say) is at most ``GGZY_PUBLIC_CACHE_SECONDS`` old: cached pages expire."""
    today = clock.today()
    versions = CatalogueVersion.objects.filter(status=CatalogueVersion.Status.PUBLISHED).aggregate(
        n=Count("pk"), last=Max("pk"), in_force=Count("pk", filter=Q(effective_from__lte=today))
    )
    platforms = SubPlatform.objects.aggregate(n=Count("pk"), last=Max("pk"))
    methods = TradingMethod.objects.aggregate(n=Count("pk"), last=Max("pk"))
    return "|".join(
        str(v)
        for v in (
            versions["n"],
            versions["last"],
            versions["in_force"],
            platforms["n"],
            platforms["last"],
            methods["n"],
            methods["last"],
        )
    )
