"""Seeding the working-day calendar (core.CalendarDay) from ``chinese-calendar`` and operator input.

Used by the data migration (test and production databases get the table filled) and by
``ggzy calendar seed`` / ``ggzy calendar set``. The package knows years up to 2026 (1.11.0);
operators add later years from the State Council's notice each November.
"""

from __future__ import annotations

import datetime as dt

HOLIDAY_NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def package_days(first_year: int | None = None) -> list[tuple[dt.date, bool, str]]:
    """Every date of every year ``chinese-calendar`` knows: (date, is_working_day, name)."""
    import chinese_calendar
    from chinese_calendar.constants import holidays, workdays

    years = {d.year for d in holidays} | {d.year for d in workdays}
    start_year = max(min(years), first_year or min(years))
    day, end = dt.date(start_year, 1, 1), dt.date(max(years), 12, 31)
    rows = []
    while day <= end:
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
        label = HOLIDAY_NAMES_ZH.get(str(name), str(name)) if name else ""
        if not on_holiday:
            label = f"{label}调休上班" if label else ""
        rows.append((day, not on_holiday, label))
        day += dt.timedelta(days=1)
    return rows


def seed_package_days(model, *, overwrite_operator: bool = False) -> int:
    """Insert/refresh the package's days into ``model`` (CalendarDay or its historical version).

    Rows entered by operators are kept unless ``overwrite_operator``. Returns rows written.
    """
    existing = dict(model.objects.values_list("date", "source"))
    new, changed = [], []
    for day, working, name in package_days():
        source = existing.get(day)
        if source is None:
            new.append(model(date=day, is_working_day=working, name=name, source="chinese-calendar"))
        elif source == "chinese-calendar" or overwrite_operator:
            changed.append(model(date=day, is_working_day=working, name=name, source="chinese-calendar"))
    model.objects.bulk_create(new, batch_size=1000)
    if changed:
        model.objects.bulk_update(changed, ["is_working_day", "name", "source"], batch_size=1000)
    return len(new) + len(changed)
