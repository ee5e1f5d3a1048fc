"""Working-day counting with the real State Council calendar (seeded from chinese-calendar by migration)."""

import datetime as dt

import pytest
from django.core.management import call_command

from ggzy.core import calendar
from ggzy.core.models import AuditRecord, CalendarDay

pytestmark = pytest.mark.django_db

D = dt.date


def test_test_database_has_the_seeded_calendar():
    assert CalendarDay.objects.filter(date__year=2026).count() == 365
    assert CalendarDay.objects.get(date=D(2025, 10, 1)).name == "国庆节"
    assert CalendarDay.objects.get(date=D(2025, 9, 28)).is_working_day  # Sunday made a working day (调休)


def test_national_day_2025_and_its_adjusted_working_sunday():
    assert not calendar.is_working_day(D(2025, 10, 8))  # 8-day holiday 2025-10-01..08
    assert calendar.is_working_day(D(2025, 9, 28))  # Sunday 调休
    assert calendar.is_working_day(D(2025, 10, 11))  # Saturday 调休


def test_add_days_counts_from_next_day_and_rolls_off_a_holiday():
    # 20 days from 2025-09-14 ends on 2025-10-04 (holiday) → next working day 2025-10-09.
    assert calendar.add_days(D(2025, 9, 14), 20) == calendar.CountedDate(D(2025, 10, 9), False)
    # End on an ordinary working day stays put: 2026-03-02 + 20 = 2026-03-22 is a Sunday → Monday 23rd.
    assert calendar.add_days(D(2026, 3, 2), 20).date == D(2026, 3, 23)
    assert calendar.add_days(D(2026, 3, 3), 20).date == D(2026, 3, 23)
    assert calendar.add_days(D(2026, 3, 4), 20).date == D(2026, 3, 24)


def test_end_on_adjusted_working_saturday_does_not_roll():
    # 2026-02-14 (Saturday) is a 调休 working day before the Spring Festival.
    assert calendar.add_days(D(2026, 2, 9), 5).date == D(2026, 2, 14)


def test_add_working_days_skips_spring_festival_2026_and_counts_adjusted_saturday():
    # After Fri 2026-02-13: Sat 14 (调休, 1), holiday 15–23, then 24 (2), 25 (3), 26 (4), 27 (5).
    assert calendar.add_working_days(D(2026, 2, 13), 5) == calendar.CountedDate(D(2026, 2, 27), False)
    # Labour Day 2026: after 2026-04-30, 5 working days are 05-06, 07, 08, 09 (Sat 调休), 11.
    assert calendar.add_working_days(D(2026, 4, 30), 5).date == D(2026, 5, 11)


def test_start_day_never_counts():
    assert calendar.add_working_days(D(2026, 3, 2), 1).date == D(2026, 3, 3)
    assert calendar.add_days(D(2026, 3, 2), 0).date == D(2026, 3, 2)


def test_dates_beyond_known_data_count_weekends_only_and_are_flagged():
    result = calendar.add_working_days(D(2026, 12, 28), 5)
    # 29, 30, 31 known; 2027-01-01 (Fri, unknown → counted as working), 01-04 (Mon).
    assert result == calendar.CountedDate(D(2027, 1, 4), True)
    assert calendar.add_days(D(2027, 3, 1), 5) == calendar.CountedDate(D(2027, 3, 8), True)  # Sat 6th → Mon
    assert calendar.add_days(D(2026, 12, 1), 10).is_estimated is False


def test_operator_entries_extend_the_calendar(capsys):
    call_command("calendar", "set", "2027-01-01", "holiday", "元旦")
    assert not calendar.is_working_day(D(2027, 1, 1))
    assert calendar.add_working_days(D(2026, 12, 30), 2) == calendar.CountedDate(D(2027, 1, 4), True)
    call_command("calendar", "year", "2027")
    assert calendar.add_working_days(D(2026, 12, 30), 2) == calendar.CountedDate(D(2027, 1, 4), False)
    assert CalendarDay.objects.get(date=D(2027, 1, 1)).source == CalendarDay.Source.OPERATOR
    assert AuditRecord.objects.filter(action="calendar.set").count() == 1


def test_seed_keeps_operator_rows():
    call_command("calendar", "set", "2026-10-09", "holiday", "测试")
    call_command("calendar", "seed")
    assert not calendar.is_working_day(D(2026, 10, 9))


def test_days_between():
    assert calendar.days_between(D(2026, 2, 13), D(2026, 2, 27), working_days=True) == 5
    assert calendar.days_between(D(2026, 2, 13), D(2026, 2, 27)) == 14
