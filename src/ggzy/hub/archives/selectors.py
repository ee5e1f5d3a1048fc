"""Reads that depend on who is asking: operators and admins see every archive; a regulator those of its
categories; the buyer and the agency those of their own trades; anyone else gets 404 (not 403: an archive's
existence is not disclosed)."""

from __future__ import annotations

from django.db import connection
from django.db.models import Q, QuerySet

from ggzy.core.exceptions import NotFound
from ggzy.parties.roles import Role

from .models import Archive, FixityCheck
from .states import ArchiveStatus


def archives_visible_to(viewer) -> QuerySet[Archive]:
    qs = Archive.objects.all()
    role = getattr(viewer, "role", None)
    if role in (Role.OPERATOR, Role.ADMIN):
        return qs
    entity = getattr(viewer, "entity", None)
    uscc = entity.uscc if entity is not None else ""
    if not uscc:
        return qs.none()
    if role == Role.REGULATOR:
        if connection.vendor == "postgresql":
            return qs.filter(regulator_usccs__contains=[uscc])
        return qs.filter(regulator_usccs__icontains=f'"{uscc}"')  # SQLite has no JSON containment
    if role in (Role.BUYER, Role.AGENCY):
        return qs.filter(Q(buyer_uscc=uscc) | Q(agency_uscc=uscc))
    return qs.none()


def archive_for(*, viewer, archive_id: int) -> Archive:
    archive = archives_visible_to(viewer).prefetch_related("holds", "disposals").filter(pk=archive_id).first()
    if archive is None:
        raise NotFound("档案不存在", code="archive_not_found")
    return archive


def archive_rows() -> QuerySet[Archive]:
    """Every archive, for the CLI (no viewer: the command line is the operator's own machine)."""
    return Archive.objects.prefetch_related("holds").order_by("id")


def failing_checks() -> list:
    """The latest check of each stored archive, where it failed: the operators' open alerts."""
    latest: dict[int, FixityCheck] = {}
    failing = FixityCheck.objects.filter(ok=False).exclude(archive__status=ArchiveStatus.DISPOSED)
    for check in failing.select_related("archive").order_by("-checked_at", "-id")[:500]:
        if check.archive_id in latest:
            continue
        newer = FixityCheck.objects.filter(
            archive_id=check.archive_id, checked_at__gt=check.checked_at, ok=True
        )
        if not newer.exists():
            latest[check.archive_id] = check
    return list(latest.values())
