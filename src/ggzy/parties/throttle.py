"""Password-login throttling, kept in the database so every web process sees the same counts.

A username is locked once it has ``GGZY_LOGIN_MAX_FAILURES`` failures inside the last
``GGZY_LOGIN_WINDOW_SECONDS`` (counting only failures after its last successful login); an IP
address is locked after ``GGZY_LOGIN_MAX_FAILURES_PER_IP`` failures (default 4 × the per-user
limit) in the same window. While locked, the password is not even checked — a correct password
is refused too — so a locked account gives an attacker no oracle. Refused attempts are not
recorded, so the lock lifts when the window has passed since the failures that caused it.
"""

from __future__ import annotations

import datetime as dt
import math

from django.conf import settings
from django.contrib.auth import authenticate
from django.db.models import Max

from ggzy.core import audit, clock
from ggzy.core.context import current
from ggzy.core.exceptions import NotAuthenticated, Throttled

from .models import LoginAttempt, User


def max_failures() -> int:
    return int(getattr(settings, "GGZY_LOGIN_MAX_FAILURES", 5))


def max_failures_per_ip() -> int:
    return int(getattr(settings, "GGZY_LOGIN_MAX_FAILURES_PER_IP", 4 * max_failures()))


def window() -> dt.timedelta:
    return dt.timedelta(seconds=int(getattr(settings, "GGZY_LOGIN_WINDOW_SECONDS", 900)))


def normalise(username: str) -> str:
    return (username or "").strip().lower()[:150]


def _retry_after(failure_times: list[dt.datetime], limit: int, now: dt.datetime) -> int:
    # The lock lifts when fewer than ``limit`` failures remain in the window.
    oldest_that_matters = sorted(failure_times, reverse=True)[limit - 1]
    return max(1, math.ceil((oldest_that_matters + window() - now).total_seconds()))


def login_guard(*, username: str, ip: str) -> None:
    """Raise ``Throttled`` if this username or IP address is locked right now."""
    now = clock.now()
    since = now - window()
    name = normalise(username)
    last_ok = LoginAttempt.objects.filter(username=name, succeeded=True).aggregate(m=Max("at"))["m"]
    user_since = max(since, last_ok) if last_ok else since
    user_failures = list(
        LoginAttempt.objects.filter(username=name, succeeded=False, at__gt=user_since)
        .order_by("-at")
        .values_list("at", flat=True)[: max_failures()]
    )
    if len(user_failures) >= max_failures():
        raise Throttled(
            "登录失败次数过多，该账号已被暂时锁定，请稍后再试",
            retry_after=_retry_after(user_failures, max_failures(), now),
        )
    if ip:
        ip_failures = list(
            LoginAttempt.objects.filter(ip=ip, succeeded=False, at__gt=since)
            .order_by("-at")
            .values_list("at", flat=True)[: max_failures_per_ip()]
        )
        if len(ip_failures) >= max_failures_per_ip():
            raise Throttled(
                "该网络地址登录失败次数过多，请稍后再试",
                retry_after=_retry_after(ip_failures, max_failures_per_ip(), now),
            )


def login_record(*, username: str, ip: str, succeeded: bool, channel: str = "") -> None:
    LoginAttempt.objects.create(
        username=normalise(username), ip=ip or "", at=clock.now(), succeeded=succeeded, channel=channel[:10]
    )


def authenticate_throttled(request, *, username: str, password: str) -> User:
    """Check the throttle, then the password. Returns the active user or raises ``Throttled`` /
    ``NotAuthenticated(code="invalid_credentials")``. Every checked attempt is recorded."""
    ctx = current()
    ip = ctx.ip
    login_guard(username=username, ip=ip)
    user = authenticate(request, username=username, password=password) if username and password else None
    login_record(username=username, ip=ip, succeeded=user is not None, channel=ctx.channel)
    if user is None:
        raise NotAuthenticated("用户名或密码错误", code="invalid_credentials")
    audit.record(actor=user, action="user.login", target=user, payload={"channel": ctx.channel})
    return user


def prune_login_attempts() -> int:
    """Worker task: forget attempts older than the window (plus a day for investigations)."""
    cutoff = clock.now() - window() - dt.timedelta(days=1)
    deleted, _ = LoginAttempt.objects.filter(at__lt=cutoff).delete()
    return deleted
