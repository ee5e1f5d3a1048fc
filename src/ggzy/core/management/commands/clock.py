import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from ggzy.core import clock
from ggzy.core.exceptions import GgzyError


class Command(BaseCommand):
    help = "训练/测试时钟：set ISO-8601 | advance 21d | reset | show（需 GGZY_ALLOW_CLOCK=1）"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["set", "advance", "reset", "show"])
        parser.add_argument("value", nargs="?")

    def handle(self, *args, action, value=None, **options):
        try:
            if action == "set":
                if not value:
                    raise CommandError("用法：ggzy clock set 2026-12-01T09:00:00+08:00")
                try:
                    target = dt.datetime.fromisoformat(value)
                except ValueError as exc:
                    raise CommandError(f"时间格式错误：{value}") from exc
                result = clock.clock_set(target)
            elif action == "advance":
                if not value:
                    raise CommandError("用法：ggzy clock advance 21d")
                try:
                    delta = clock.parse_duration(value)
                except ValueError as exc:
                    raise CommandError(str(exc)) from exc
                result = clock.clock_advance(delta)
            elif action == "reset":
                result = clock.clock_reset()
            else:
                result = clock.now()
        except GgzyError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            clock.local_now().isoformat()
            if action != "show"
            else result.astimezone(clock.SHANGHAI).isoformat()
        )
