"""Permission checks other apps call before acting. Each raises a ``ggzy.core.exceptions`` error
with a stable code, so the API and the HTML views report refusals the same way."""

from __future__ import annotations

import functools

from ggzy.core.exceptions import Forbidden, NotAuthenticated

from .models import Entity, User
from .roles import Role


def require_login(user) -> User:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        raise NotAuthenticated()
    return user


def has_role(user, *roles: str) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and user.role in roles
    )


def require_role(user, *roles: str) -> User:
    """The user must be logged in and hold one of ``roles`` (``Role`` values)."""
    require_login(user)
    if user.role not in roles:
        names = "、".join(str(Role(r).label) for r in roles)
        raise Forbidden(f"此操作仅限{names}", code="role_forbidden", details={"roles": list(roles)})
    return user


def roles_required(*roles: str):
    """An HTML view only for ``roles``: its refusal (login page / 403 page) is the one web layer's
    (``ggzy.core.web.GgzyErrorPageMiddleware``)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            require_role(request.user, *roles)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def require_entity(user) -> Entity:
    require_login(user)
    if user.entity_id is None:
        raise Forbidden("您的账号未关联市场主体", code="no_entity")
    return user.entity


def require_verified_entity(user) -> Entity:
    """The user's entity must have passed the operator's review (审核) — needed before trading."""
    entity = require_entity(user)
    if entity.status != Entity.Status.VERIFIED:
        raise Forbidden(
            f"所属主体“{entity.name}”尚未通过审核（当前：{entity.get_status_display()}），暂不能进行交易",
            code="entity_not_verified",
            details={"status": entity.status},
        )
    return entity


def require_entity_member(user, entity: Entity) -> Entity:
    """The user must belong to ``entity`` (e.g. to manage its keys)."""
    require_login(user)
    if user.entity_id != entity.pk:
        raise Forbidden("您不属于该市场主体，无权操作", code="not_entity_member")
    return entity


# Whom each staff role manages (edits, (de)activates, resets the password of). An operator manages market
# entities' users and experts, never staff above or beside it; the 综合管理部门 also manages operators and
# regulators, never another admin. Only the superuser manages admins. Every path (admin site, API, pages)
# asks this one rule.
MANAGED_ROLES = {
    Role.OPERATOR: frozenset({Role.BUYER, Role.AGENCY, Role.BIDDER, Role.EXPERT}),
    Role.ADMIN: frozenset({Role.BUYER, Role.AGENCY, Role.BIDDER, Role.EXPERT, Role.OPERATOR, Role.REGULATOR}),
}


def can_manage_user(actor, target: User) -> bool:
    """May ``actor`` change ``target``'s account? Never one's own (that goes through the account pages)."""
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return False
    if target.pk == actor.pk:
        return False
    if actor.is_superuser:
        return True
    if target.is_superuser or (target.is_staff and actor.role != Role.ADMIN):
        return False
    return target.role in MANAGED_ROLES.get(actor.role, frozenset())


def require_can_manage_user(actor, target: User) -> User:
    require_login(actor)
    if not can_manage_user(actor, target):
        raise Forbidden("您无权管理该账号", code="user_not_manageable", details={"username": target.username})
    return target
