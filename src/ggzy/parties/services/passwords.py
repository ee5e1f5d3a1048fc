"""Passwords: the user's own change, and an operator's reset to a temporary password.

Both end every way in that the old password gave: API tokens are revoked here, and Django ends the other
sessions itself (a session is bound to the password hash; the view keeps its own with
``update_session_auth_hash``). A reset sets ``must_change_password``: the temporary password then opens
only the password-change page (``parties.middleware``) and no API token is issued until it is replaced.
"""

from __future__ import annotations

import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from ggzy.core import audit, clock
from ggzy.core.context import current
from ggzy.core.exceptions import InvalidInput, NotFound

from ..models import ApiToken, User
from ..permissions import require_can_manage_user, require_login, require_role
from ..roles import Role
from ..throttle import login_guard, login_record

# No look-alike characters (0/O, 1/l/I): the operator reads the temporary password out to the user.
TEMPORARY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"
TEMPORARY_LENGTH = 16


def _revoke_tokens(user: User) -> int:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=clock.now())


def _check_strength(password: str, user: User) -> None:
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        raise InvalidInput(
            "密码强度不足：" + "；".join(exc.messages),
            code="weak_password",
            details={"field": "newPassword", "errors": exc.messages},
        ) from exc


def user_password_change(*, actor, old_password: str, new_password: str) -> tuple[User, int]:
    """The user changes their own password, giving the current one. Wrong current passwords count
    towards the login throttle. Revokes the user's API tokens; audited as ``user.password_change``.
    Returns the user and the number of tokens revoked."""
    require_login(actor)
    ctx = current()
    login_guard(username=actor.username, ip=ctx.ip)
    if not old_password or not User.objects.get(pk=actor.pk).check_password(old_password):
        # Recorded outside any transaction, so the refusal cannot roll the record back.
        login_record(username=actor.username, ip=ctx.ip, succeeded=False, channel=ctx.channel)
        raise InvalidInput("原密码不正确", code="wrong_password", details={"field": "oldPassword"})
    if not new_password:
        raise InvalidInput("请填写新密码", code="required", details={"field": "newPassword"})
    if new_password == old_password:
        raise InvalidInput(
            "新密码不能与原密码相同", code="password_unchanged", details={"field": "newPassword"}
        )
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=actor.pk)
        _check_strength(new_password, user)
        user.set_password(new_password)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        revoked = _revoke_tokens(user)
        audit.record(
            actor=user, action="user.password_change", target=user, payload={"tokensRevoked": revoked}
        )
    return user, revoked


@transaction.atomic
def user_password_reset(*, actor, username: str) -> tuple[User, str]:
    """An operator (or admin) resets the password of an account it manages (``can_manage_user``: market
    entities' users and experts for operators, never staff beside or above). Returns the user and a
    temporary password, shown once; the user must replace it at the next login. Revokes the user's API
    tokens and sessions; audited as ``user.password_reset`` (without the password)."""
    require_role(actor, Role.OPERATOR, Role.ADMIN)
    user = User.objects.select_for_update().filter(username=(username or "").strip()).first()
    if user is None:
        raise NotFound("用户不存在", code="user_not_found")
    require_can_manage_user(actor, user)
    temporary = "".join(secrets.choice(TEMPORARY_ALPHABET) for _ in range(TEMPORARY_LENGTH))
    user.set_password(temporary)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    revoked = _revoke_tokens(user)
    audit.record(
        actor=actor,
        action="user.password_reset",
        target=user,
        payload={"username": user.username, "tokensRevoked": revoked},
    )
    return user, temporary
