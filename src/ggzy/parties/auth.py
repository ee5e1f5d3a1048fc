"""API authentication: bearer tokens (machine clients) and the browser session (with CSRF)."""

from __future__ import annotations

import hashlib

from ninja.security import HttpBearer, SessionAuth

from ggzy.core import clock


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class BearerTokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        from .models import ApiToken

        row = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=hash_token(token), revoked_at__isnull=True, expires_at__gt=clock.now())
            .first()
        )
        if row is None or not row.user.is_active:
            return None
        request.user = row.user
        return row.user


class SessionUserAuth(SessionAuth):
    """Django session; ninja enforces CSRF for it on unsafe methods."""


API_AUTH = [BearerTokenAuth(), SessionUserAuth()]
