"""Reads of the statistics dashboards, scoped by who asks.

Scope: the 综合管理部门 (role ``admin``) sees every category; a regulator (行业主管部门) sees the
catalogue categories it supervises (``catalog.selectors.entries_supervised_by``); nobody else sees
the dashboards. Processes come in OCDS form from both sources — sub-platform intake records and
the platform's own trading data (``exchange.ocds_export``) — so one code path serves both.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from django.db.models import QuerySet

from ggzy.catalog.selectors import entries_supervised_by
from ggzy.core import clock
from ggzy.core.exceptions import Forbidden
from ggzy.parties.roles import Role
from ggzy.supervision.exchange import ocds_facts
from ggzy.supervision.exchange.models import IntakeRecord
from ggzy.supervision.exchange.ocds_export import compiled_releases_for_statistics
from ggzy.supervision.redflags.models import Alert


@dataclass(frozen=True)
class Scope:
    codes: frozenset[str] | None  # None = every category
    label: str


def scope_for(user) -> Scope:
    if getattr(user, "is_superuser", False) or getattr(user, "role", None) == Role.ADMIN:
        return Scope(codes=None, label="全部交易目录")
    if getattr(user, "role", None) == Role.REGULATOR and getattr(user, "entity_id", None):
        codes = frozenset(entries_supervised_by(user.entity).values_list("code", flat=True))
        return Scope(codes=codes, label=f"{user.entity.name}主管的交易目录")
    raise Forbidden("仅综合管理部门和行业主管部门可以查看统计分析", code="statistics_forbidden")


def _intake(scope: Scope) -> QuerySet[IntakeRecord]:
    qs = IntakeRecord.objects.all()
    return qs if scope.codes is None else qs.filter(catalogue_code__in=list(scope.codes))


def load_processes(scope: Scope) -> list[ocds_facts.ProcessFacts]:
    """Every process in ``scope`` (intake records + own trading data) as ProcessFacts."""
    now = clock.now()
    releases = _intake(scope).values_list("compiled", flat=True).iterator(chunk_size=500)
    # Nothing about a bid reaches supervision before the reported bid deadline, counts included.
    found = [ocds_facts.facts(ocds_facts.without_sealed_bids(r, now=now)) for r in releases]
    found += [ocds_facts.facts(r) for r in compiled_releases_for_statistics(codes=scope.codes)]
    if scope.codes is not None:
        found = [f for f in found if f.catalogue_code in scope.codes]
    return found


def filter_processes(
    processes: list[ocds_facts.ProcessFacts],
    *,
    category: str = "",
    district: str = "",
    month_from: str = "",
    month_to: str = "",
) -> list[ocds_facts.ProcessFacts]:
    return [
        f
        for f in processes
        if (not category or f.catalogue_code == category)
        and (not district or f.district == district)
        and (not month_from or (f.month and f.month >= month_from))
        and (not month_to or (f.month and f.month <= month_to))
    ]


def processes_for(scope: Scope, **filters) -> list[ocds_facts.ProcessFacts]:
    return filter_processes(load_processes(scope), **filters)


@dataclass
class AlertTimes:
    total: int = 0
    open: int = 0
    by_status: dict[str, int] | None = None
    hours_to_first_action: float | None = None  # median
    hours_to_close: float | None = None  # median


def alert_handling(scope: Scope) -> AlertTimes:
    """Alert counts and median handling times (aggregates only: no alert content is shown)."""
    qs = Alert.objects.all()
    if scope.codes is not None:
        qs = qs.filter(catalogue_code__in=list(scope.codes))
    rows = list(qs.values_list("status", "created_at", "first_action_at", "closed_at"))
    result = AlertTimes(total=len(rows), by_status={})
    for status, *_ in rows:
        label = str(Alert.Status(status).label)
        result.by_status[label] = result.by_status.get(label, 0) + 1
    result.open = sum(
        1 for status, *_ in rows if status in (Alert.Status.PENDING, Alert.Status.INVESTIGATING)
    )
    first = [(a - c).total_seconds() / 3600 for _, c, a, _ in rows if a]
    closed = [(z - c).total_seconds() / 3600 for _, c, _, z in rows if z]
    result.hours_to_first_action = round(statistics.median(first), 1) if first else None
    result.hours_to_close = round(statistics.median(closed), 1) if closed else None
    return result
