"""Checks that must pass before the platform serves requests or runs its worker."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MISSING_SECRET_KEY = (
    "未设置 GGZY_SECRET_KEY，非调试模式下拒绝启动 / GGZY_SECRET_KEY is not set: refusing to start "
    "without a secret key outside GGZY_DEBUG=1 "
    "(generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))')"
)


def require_secret_key() -> None:
    """Refuse to serve or run the worker with a key nobody configured (sessions and reset links depend on it)."""
    if getattr(settings, "SECRET_KEY_MISSING", False):
        raise ImproperlyConfigured(MISSING_SECRET_KEY)
