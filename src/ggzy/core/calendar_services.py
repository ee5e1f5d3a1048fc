"""Operator maintenance of the working-day calendar (the rows core.calendar reads)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from . import audit
from .calendar_data import seed_package_days
from .models import CalendarDay


@transaction.atomic
def calendar_seed(*, actor) -> int:
    count = seed_package_days(CalendarDay)
    audit.record(actor=actor, action="calendar.seed", target_type="core.calendarday", payload={"rows": count})
    return count


@transaction.atomic
def calendar_day_set(*, actor, day: dt.date, is_working_day: bool, name: str = "") -> CalendarDay:
    """Record one day from the State Council notice (holiday or 调休 working day)."""
    row, _ = CalendarDay.objects.update_or_create(
        date=day,
        defaults={"is_working_day": is_working_day, "name": name[:40], "source": CalendarDay.Source.OPERATOR},
    )
    audit.record(
        actor=actor,
        action="calendar.set",
        target=row,
        payload={"date": day.isoformat(), "isWorkingDay": is_working_day, "name": name},
    )
    return row


@transaction.atomic
def calendar_year_complete(*, actor, year: int) -> int:
    """Mark every remaining day of ``year`` known (Mon–Fri working, weekends off).

    Run after entering the State Council notice's holidays and 调休 days with :func:`calendar_day_set`;
    until then deadlines over that year stay flagged as estimated.
    """
    day, end, rows = dt.date(year, 1, 1), dt.date(year, 12, 31), []
    known = set(CalendarDay.objects.filter(date__year=year).values_list("date", flat=True))
    while day <= end:
        if day not in known:
            rows.append(
                CalendarDay(date=day, is_working_day=day.weekday() < 5, source=CalendarDay.Source.OPERATOR)
            )
        day += dt.timedelta(days=1)
    CalendarDay.objects.bulk_create(rows)
    audit.record(
        actor=actor,
        action="calendar.complete_year",
        target_type="core.calendarday",
        target_id=str(year),
        payload={"year": year, "rows": len(rows)},
    )
    return len(rows)
