"""Expert-pool settings, each overridable in Django settings (``GGZY_EXPERT_*``)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings


def draw_lead_time() -> dt.timedelta:
    """A draw may not be requested earlier than this before the evaluation (confidentiality window)."""
    return dt.timedelta(hours=getattr(settings, "GGZY_EXPERT_DRAW_LEAD_HOURS", 48))


def min_notice() -> dt.timedelta:
    """…nor later than this before it (experts need time to answer and travel)."""
    return dt.timedelta(minutes=getattr(settings, "GGZY_EXPERT_DRAW_MIN_NOTICE_MINUTES", 60))


def confirm_window() -> dt.timedelta:
    return dt.timedelta(minutes=getattr(settings, "GGZY_EXPERT_CONFIRM_MINUTES", 30))


def buyer_frequency_limit() -> int:
    """An expert who already evaluated this many times for the same buyer within 12 months is avoided."""
    return int(getattr(settings, "GGZY_EXPERT_BUYER_FREQUENCY_LIMIT", 3))


EMPLOYMENT_COOLDOWN_DAYS = 3 * 365 + 1  # 3 years, counting one leap day
FREQUENCY_WINDOW = dt.timedelta(days=365)


def message_backends() -> list[str]:
    return list(getattr(settings, "GGZY_EXPERT_MESSAGE_BACKENDS", ["ggzy.hub.experts.messaging.LogBackend"]))
