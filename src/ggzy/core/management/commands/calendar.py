"""``ggzy calendar seed`` | ``ggzy calendar set 2027-01-01 holiday 元旦`` | ``ggzy calendar show 2027``."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from ggzy.core.calendar_services import calendar_day_set, calendar_seed, calendar_year_complete
from ggzy.core.context import RequestContext, reset_context, set_context
from ggzy.core.exceptions import GgzyError
from ggzy.core.models import CalendarDay


class Command(BaseCommand):
    help = "工作日历：seed（从 chinese-calendar 导入）| set 日期 holiday|workday [名称] | year 年份（其余日期按周末补全）| show 年份"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["seed", "set", "year", "show"])
        parser.add_argument("values", nargs="*")

    def handle(self, *args, action, values, **options):
        token = set_context(RequestContext(channel="cli"))
        try:
            if action == "seed":
                count = calendar_seed(actor=None)
                self.stdout.write(f"已写入 {count} 天")
            elif action == "set":
                if len(values) < 2 or values[1] not in ("holiday", "workday"):
                    raise CommandError("用法：ggzy calendar set 2027-01-01 holiday 元旦")
                try:
                    day = dt.date.fromisoformat(values[0])
                except ValueError as exc:
                    raise CommandError(f"日期格式错误：{values[0]}") from exc
                row = calendar_day_set(
                    actor=None, day=day, is_working_day=values[1] == "workday", name=" ".join(values[2:])
                )
                self.stdout.write(f"{row.date} {'工作日' if row.is_working_day else '休息日'} {row.name}")
            elif action == "year":
                if not values or not values[0].isdigit():
                    raise CommandError("用法：ggzy calendar year 2027")
                self.stdout.write(f"已补全 {calendar_year_complete(actor=None, year=int(values[0]))} 天")
            else:
                self._show(int(values[0]) if values else None)
        except GgzyError as exc:
            raise CommandError(exc.message) from exc
        finally:
            reset_context(token)

    def _show(self, year):
        rows = CalendarDay.objects.exclude(name="").order_by("date")
        if year:
            rows = rows.filter(date__year=year)
        for row in rows:
            self.stdout.write(
                f"{row.date} {'工作日' if row.is_working_day else '休息日'} {row.name} [{row.source}]"
            )
