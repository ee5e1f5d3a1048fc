"""API authentication: bearer tokens (machine clients) and the browser session (with CSRF)."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db.models import Q
from ninja.security import HttpBearer, SessionAuth

from ggzy.core import clock

from .models import ApiToken

LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class BearerTokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        row = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=hash_token(token), revoked_at__isnull=True, expires_at__gt=clock.now())
            .first()
        )
        if row is None or not row.user.is_active:
            return None
        now = clock.now()
        if row.last_used_at is None or now - row.last_used_at > LAST_USED_RESOLUTION:
            # At most one write per token per minute, whatever the request rate.
            ApiToken.objects.filter(pk=row.pk).filter(
                Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION)
            ).update(last_used_at=now)
        request.user = row.user
        return row.user


class SessionUserAuth(SessionAuth):
    """Django session; ninja enforces CSRF for it on unsafe methods.

    Only a request that is logged in by its session is judged by the session: one that presents a bearer
    token (valid or not) or has no logged-in session is not a session request, so a bad token is 401 on
    every method instead of a misleading 403 "CSRF check Failed" on POST/DELETE."""

    def __call__(self, request):
        if request.headers.get("Authorization", "").lower().startswith("bearer "):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super().__call__(request)


API_AUTH = [BearerTokenAuth(), SessionUserAuth()]
