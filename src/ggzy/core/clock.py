"""The platform's notion of "now".

All business code calls ``ggzy.core.clock.now()`` — never ``timezone.now()`` directly — so that
tests (time-machine) and the training clock (``ggzy clock``) move every process consistently.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from .exceptions import Forbidden
from .models import ClockOffset

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _offset() -> dt.timedelta:
    if not settings.GGZY_ALLOW_CLOCK:
        return dt.timedelta(0)
    row = ClockOffset.objects.filter(pk=1).values_list("offset_seconds", flat=True).first()
    return dt.timedelta(seconds=row or 0)


def now() -> dt.datetime:
    return timezone.now() + _offset()


def local_now() -> dt.datetime:
    return now().astimezone(SHANGHAI)


def today() -> dt.date:
    return local_now().date()


def _require_clock() -> None:
    if not settings.GGZY_ALLOW_CLOCK:
        raise Forbidden("训练时钟未启用（需设置 GGZY_ALLOW_CLOCK=1，生产环境禁止）", code="clock_disabled")


def clock_set(target: dt.datetime) -> dt.datetime:
    _require_clock()
    if timezone.is_naive(target):
        target = target.replace(tzinfo=SHANGHAI)
    offset = int((target - timezone.now()).total_seconds())
    ClockOffset.objects.update_or_create(pk=1, defaults={"offset_seconds": offset})
    return now()


def clock_advance(delta: dt.timedelta) -> dt.datetime:
    _require_clock()
    ClockOffset.objects.get_or_create(pk=1)
    ClockOffset.objects.filter(pk=1).update(offset_seconds=F("offset_seconds") + int(delta.total_seconds()))
    return now()


def clock_reset() -> dt.datetime:
    _require_clock()
    ClockOffset.objects.filter(pk=1).delete()
    return now()


def parse_duration(text: str) -> dt.timedelta:
    """'21d', '2h', '30m', '45s', '1d12h' → timedelta."""
    import re

    parts = re.fullmatch(r"(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?", text.strip())
    if not text.strip() or not parts:
        raise ValueError(f"无法识别的时长：{text}（示例：21d、2h、30m）")
    d, h, m, s = (int(x) if x else 0 for x in parts.groups())
    return dt.timedelta(days=d, hours=h, minutes=m, seconds=s)
