"""API tokens: the raw value is returned once; only its SHA-256 is stored (see parties.auth)."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import transaction

from ggzy.core import audit, clock
from ggzy.core.exceptions import Forbidden, NotFound

from ..auth import hash_token
from ..models import ApiToken
from ..permissions import require_login
from ._common import _text

TOKEN_PREFIX = "ggzy_"


@transaction.atomic
def api_token_issue(*, actor, name: str = "", ttl: dt.timedelta | None = None) -> tuple[ApiToken, str]:
    """Issue an API token for ``actor`` itself. The raw token is returned once; only its SHA-256 is stored."""
    require_login(actor)
    if actor.must_change_password:
        raise Forbidden("请先登录网站修改临时密码，再申请 API 令牌", code="password_change_required")
    name = _text(name, field="name", label="令牌用途", max_length=100, required=False)
    ttl = ttl or dt.timedelta(hours=int(getattr(settings, "GGZY_API_TOKEN_TTL_HOURS", 12)))
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=actor, name=name, prefix=raw[:12], key_hash=hash_token(raw), expires_at=clock.now() + ttl
    )
    audit.record(
        actor=actor,
        action="api_token.issue",
        target=token,
        payload={"prefix": token.prefix, "name": name, "expiresAt": token.expires_at.isoformat()},
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor, token_id: int) -> ApiToken:
    """Revoke one of ``actor``'s own tokens (another user's token is reported as not found)."""
    token = (
        ApiToken.objects.select_for_update().filter(pk=token_id, user_id=getattr(actor, "pk", None)).first()
    )
    if token is None:
        raise NotFound("令牌不存在", code="token_not_found")
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
        audit.record(actor=actor, action="api_token.revoke", target=token, payload={"prefix": token.prefix})
    return token
