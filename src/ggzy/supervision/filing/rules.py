"""Predicates and figures shared by the filing services and pages (no status strings in templates)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

from ggzy.core import clock
from ggzy.parties.roles import Role, holds
from ggzy.supervision.exchange import selectors as exchange_selectors
from ggzy.supervision.exchange.models import ExchangeSource

from .models import Filing
from .states import FILING


@dataclass
class MonthScore:
    month: str
    releases: int
    score: float | None


@dataclass
class QualitySummary:
    months: list[MonthScore]
    score: float | None  # mean of the months with data
    threshold: float

    @property
    def sufficient(self) -> bool:
        return self.score is not None and self.score >= self.threshold


def recent_months(count: int, *, today: dt.date | None = None) -> list[str]:
    """The ``count`` months up to and including the current one, newest first ('YYYY-MM')."""
    today = today or clock.today()
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months


def quality_summary(platform_code: str) -> QualitySummary:
    """The sub-platform's 数据质量考核 scores of the last ``GGZY_FILING_QUALITY_MONTHS`` months (the
    same figures as the 数据质量考核 page); no intake data at all counts as below the threshold."""
    threshold = float(settings.GGZY_FILING_MIN_QUALITY)
    source = ExchangeSource.objects.filter(platform_code=platform_code).first()
    months = []
    for month in recent_months(int(settings.GGZY_FILING_QUALITY_MONTHS)):
        row = None
        if source is not None:
            row = next(
                (r for r in exchange_selectors.quality_by_month(user=None, month=month, sources=[source])),
                None,
            )
        months.append(MonthScore(month, row.releases if row else 0, row.score if row else None))
    scored = [m.score for m in months if m.score is not None]
    score = round(sum(scored) / len(scored), 1) if scored else None
    return QualitySummary(months=months, score=score, threshold=threshold)


def quality_refusal_message(summary: QualitySummary) -> str:
    shown = "无报送数据" if summary.score is None else f"{summary.score:.1f}分"
    return (
        f"该分平台近{len(summary.months)}个月数据质量综合得分为{shown}，低于备案准予门槛{summary.threshold:.0f}分"
        "（GGZY_FILING_MIN_QUALITY），不能准予备案"
    )


def may_file(user) -> bool:
    return holds(user, (Role.OPERATOR,))


def may_review(user) -> bool:
    return holds(user, (Role.ADMIN,))


def can_start_review(user, filing: Filing) -> bool:
    return may_review(user) and FILING.can_move(filing.status, Filing.Status.UNDER_REVIEW)


def can_decide(user, filing: Filing) -> bool:
    return may_review(user) and FILING.can_move(filing.status, Filing.Status.APPROVED)
