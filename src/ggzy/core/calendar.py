"""Working-day calendar and legal day counting — the one place deadlines are computed.

Data: :class:`ggzy.core.models.CalendarDay` rows (State Council holidays and 调休, Asia/Shanghai
dates), seeded from ``chinese-calendar`` and extended by operators each year
(``ggzy calendar set 2027-01-01 holiday 元旦``; the writes are :mod:`ggzy.core.calendar_services`). A
date with no row is *unknown*: it counts as a working day unless it is a Saturday or Sunday, and every
result computed over such a date carries ``is_estimated=True`` so the page showing it can say so.

Counting rules (87号令 Art.85/86, applied platform-wide):
- a period of N days starts counting the day after the starting event (期间开始之日不计算在期间内);
- when the last day falls on a holiday (法定节假日 or weekend that is not a 调休 working day), the
  period ends on the next working day;
- 以上/以下 include the number itself, so "≥ 20 days" means the 20th day counted is allowed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .clock import SHANGHAI
from .models import CalendarDay

# How far ahead one bulk read of calendar rows looks per requested day (holidays rarely exceed 9 days).
_LOOKAHEAD_FACTOR = 3
_LOOKAHEAD_EXTRA = 30


@dataclass(frozen=True)
class CountedDate:
    """The result of a legal day count: the date, and whether unknown calendar data was involved."""

    date: dt.date
    is_estimated: bool = False

    def isoformat(self) -> str:
        return self.date.isoformat()


class WorkingCalendar:
    """A window of calendar rows read in one query; answers "is this a working day, and do we know?"."""

    def __init__(self, start: dt.date, end: dt.date):
        self.start, self.end = start, end
        self._days = dict(
            CalendarDay.objects.filter(date__gte=start, date__lte=end).values_list("date", "is_working_day")
        )

    def _extend(self, upto: dt.date) -> None:
        if upto > self.end:
            more = WorkingCalendar(
                self.end + dt.timedelta(days=1), upto + dt.timedelta(days=_LOOKAHEAD_EXTRA)
            )
            self._days.update(more._days)
            self.end = more.end

    def is_known(self, day: dt.date) -> bool:
        self._extend(day)
        return day in self._days

    def is_working_day(self, day: dt.date) -> bool:
        self._extend(day)
        known = self._days.get(day)
        if known is None:
            return day.weekday() < 5  # unknown year: weekends only (flagged by callers)
        return known


def _window(start: dt.date, days: int) -> WorkingCalendar:
    return WorkingCalendar(
        start, start + dt.timedelta(days=max(days, 1) * _LOOKAHEAD_FACTOR + _LOOKAHEAD_EXTRA)
    )


def is_working_day(day: dt.date) -> bool:
    return WorkingCalendar(day, day).is_working_day(day)


def is_known(day: dt.date) -> bool:
    return WorkingCalendar(day, day).is_known(day)


def next_working_day(day: dt.date, *, cal: WorkingCalendar | None = None) -> CountedDate:
    """``day`` itself if it is a working day, else the first working day after it."""
    cal = cal or _window(day, 10)
    estimated = not cal.is_known(day)
    while not cal.is_working_day(day):
        day += dt.timedelta(days=1)
        estimated = estimated or not cal.is_known(day)
    return CountedDate(day, estimated)


def add_days(start: dt.date, days: int) -> CountedDate:
    """End of a period of ``days`` calendar days from ``start`` (87号令85/86).

    Counting starts the next day; an end on a holiday rolls to the next working day. ``is_estimated``
    is true when the rolled end date (or the day checked for it) lies beyond the known calendar.
    """
    if days < 0:
        raise ValueError("days must be >= 0")
    cal = _window(start, days)
    end = start + dt.timedelta(days=days)
    return next_working_day(end, cal=cal)


def add_working_days(start: dt.date, days: int) -> CountedDate:
    """The ``days``-th working day after ``start`` (``start`` itself never counts, 87号令85)."""
    if days < 0:
        raise ValueError("days must be >= 0")
    cal = _window(start, days)
    day, counted, estimated = start, 0, False
    while counted < days:
        day += dt.timedelta(days=1)
        estimated = estimated or not cal.is_known(day)
        if cal.is_working_day(day):
            counted += 1
    return CountedDate(day, estimated)


def add_period(start: dt.date, days: int, *, working_days: bool) -> CountedDate:
    return add_working_days(start, days) if working_days else add_days(start, days)


def days_between(earlier: dt.date, later: dt.date, *, working_days: bool = False) -> int:
    """How many days (or working days) are counted from ``earlier`` (excluded) to ``later`` (included)."""
    if later <= earlier:
        return 0
    if not working_days:
        return (later - earlier).days
    cal = WorkingCalendar(earlier, later)
    return sum(
        1 for i in range(1, (later - earlier).days + 1) if cal.is_working_day(earlier + dt.timedelta(days=i))
    )


def local_date(moment: dt.datetime) -> dt.date:
    """The Asia/Shanghai calendar date of an aware datetime."""
    return moment.astimezone(SHANGHAI).date()


def start_of_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=SHANGHAI)


def end_of_day(day: dt.date) -> dt.datetime:
    """24:00 of ``day`` in Shanghai: the instant a period ending on ``day`` is over."""
    return start_of_day(day + dt.timedelta(days=1))


def known_until() -> dt.date | None:
    """The last date the calendar table knows (None when empty)."""
    return CalendarDay.objects.order_by("-date").values_list("date", flat=True).first()
