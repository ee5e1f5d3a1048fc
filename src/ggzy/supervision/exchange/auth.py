"""Machine authentication of sub-platforms: ``Authorization: Bearer gx_…`` (an ExchangeToken)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from ninja.security import HttpBearer

from ggzy.core import clock

from .models import ExchangeToken
from .services import hash_token

LAST_USED_RESOLUTION = dt.timedelta(minutes=1)  # don't write a row on every push


class ExchangeTokenAuth(HttpBearer):
    """Authenticates the sub-platform (not a user): ``request.auth`` is its ExchangeSource."""

    def authenticate(self, request, token: str):
        now = clock.now()
        row = (
            ExchangeToken.objects.select_related("source")
            .filter(key_hash=hash_token(token), revoked_at__isnull=True, source__is_active=True)
            .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
            .first()
        )
        if row is None:
            return None
        if row.last_used_at is None or now - row.last_used_at > LAST_USED_RESOLUTION:
            ExchangeToken.objects.filter(pk=row.pk).update(last_used_at=now)
        return row.source


EXCHANGE_AUTH = [ExchangeTokenAuth()]
