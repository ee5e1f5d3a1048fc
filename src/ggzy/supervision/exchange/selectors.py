"""Reads of the exchange app that depend on who asks: data quality (数据质量考核) per sub-platform."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q, QuerySet

from ggzy.catalog.selectors import entries_supervised_by
from ggzy.core.exceptions import Forbidden
from ggzy.parties.roles import Role

from . import quality
from .models import ExchangeSource, IntakeRecord, IntakeRelease
from .web import month_bounds


def sources_visible_to(user) -> QuerySet[ExchangeSource]:
    """综合管理部门 sees every sub-platform; a regulator the sub-platforms of the entries it supervises."""
    if getattr(user, "is_superuser", False) or getattr(user, "role", None) == Role.ADMIN:
        return ExchangeSource.objects.all()
    if getattr(user, "role", None) == Role.REGULATOR and user.entity_id:
        codes = (
            entries_supervised_by(user.entity).exclude(platform=None).values_list("platform__code", flat=True)
        )
        return ExchangeSource.objects.filter(platform_code__in=list(codes))
    raise Forbidden("仅综合管理部门和行业主管部门可以查看数据质量考核", code="quality_forbidden")


@dataclass
class QualityRow:
    source: ExchangeSource
    releases: int = 0
    completeness: float = 0.0
    timely_rate: float = 0.0
    consistent_rate: float = 0.0
    mean_lag_hours: float | None = None
    score: float | None = None
    top_missing: list[tuple[str, int]] = field(default_factory=list)
    top_issues: list[tuple[str, int]] = field(default_factory=list)


def quality_by_month(*, user, month: str, sources: list[ExchangeSource] | None = None) -> list[QualityRow]:
    """One row per visible sub-platform for ``month`` ('YYYY-MM', by receipt time, Asia/Shanghai);
    ``sources`` (instead of ``user``): the given sub-platforms, for a caller that has checked access."""
    start, end = month_bounds(month)
    sources = list(sources) if sources is not None else list(sources_visible_to(user).order_by("id"))
    in_month = IntakeRelease.objects.filter(source__in=sources, received_at__gte=start, received_at__lt=end)
    stats = {
        row["source"]: row
        for row in in_month.values("source").annotate(
            n=Count("id"),
            completeness=Avg("completeness"),
            lag=Avg("lag_seconds"),
            consistent=Count("id", filter=Q(issue_count=0)),
        )
    }
    # Timeliness counts working days (87号令69), so it is decided per release through the calendar.
    timely: Counter = Counter()
    deadlines: dict = {}
    for source_id, received_at, lag in (
        in_month.filter(lag_seconds__isnull=False)
        .values_list("source", "received_at", "lag_seconds")
        .iterator()
    ):
        timely[source_id] += quality.is_timely(received_at=received_at, lag_seconds=lag, deadlines=deadlines)
    missing: dict[int, Counter] = {}
    issues: dict[int, Counter] = {}
    for source_id, fields, found in (
        in_month.filter(Q(completeness__lt=1) | Q(issue_count__gt=0))
        .values_list("source", "missing_fields", "consistency_issues")
        .iterator()
    ):
        missing.setdefault(source_id, Counter()).update(fields or [])
        issues.setdefault(source_id, Counter()).update(found or [])
    rows = []
    for source in sources:
        row = QualityRow(source=source)
        stat = stats.get(source.pk)
        if stat and stat["n"]:
            row.releases = stat["n"]
            row.completeness = stat["completeness"] or 0.0
            row.timely_rate = timely[source.pk] / stat["n"]
            row.consistent_rate = stat["consistent"] / stat["n"]
            row.mean_lag_hours = round(stat["lag"] / 3600, 1) if stat["lag"] is not None else None
            row.score = quality.score(
                completeness=row.completeness,
                timely_rate=row.timely_rate,
                consistent_rate=row.consistent_rate,
            )
            row.top_missing = missing.get(source.pk, Counter()).most_common(5)
            row.top_issues = [
                (quality.ISSUE_LABELS.get(k, k), n)
                for k, n in issues.get(source.pk, Counter()).most_common(5)
            ]
        rows.append(row)
    return rows


def records_for_codes(codes: list[str] | None) -> QuerySet[IntakeRecord]:
    """Intake records of the given catalogue codes (``None`` = all)."""
    qs = IntakeRecord.objects.all()
    return qs if codes is None else qs.filter(catalogue_code__in=codes)
