"""Reads that depend on who is asking."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from ggzy.core.codes import validate_uscc
from ggzy.core.exceptions import NotFound

from .models import ApiToken, Entity, EntityKey, User
from .permissions import MANAGED_ROLES, has_role
from .roles import Role

# Roles that may see every entity, whatever its review status.
OVERSIGHT_ROLES = (Role.OPERATOR, Role.REGULATOR, Role.ADMIN)


def entities_visible_to(user) -> QuerySet[Entity]:
    """Verified entities are public; others only to their own users and to operators/regulators/admins."""
    qs = Entity.objects.all()
    if has_role(user, *OVERSIGHT_ROLES):
        return qs
    visible = Q(status=Entity.Status.VERIFIED)
    if user is not None and getattr(user, "is_authenticated", False) and user.entity_id:
        visible |= Q(pk=user.entity_id)
    return qs.filter(visible)


def entity_get(*, uscc: str, viewer=None) -> Entity:
    """The entity with this USCC if ``viewer`` may see it; 422 ``invalid_uscc`` for a malformed code,
    404 otherwise."""
    code = validate_uscc(uscc)
    entity = entities_visible_to(viewer).filter(uscc=code).first()
    if entity is None:
        raise NotFound("市场主体不存在或尚未通过审核", code="entity_not_found")
    return entity


def entities_pending_review() -> QuerySet[Entity]:
    return Entity.objects.filter(status=Entity.Status.PENDING).order_by("created_at", "id")


def entity_keys_active(*, entity: Entity, use: str | None = None) -> QuerySet[EntityKey]:
    qs = EntityKey.objects.filter(entity=entity, revoked_at__isnull=True).order_by("created_at", "id")
    return qs.filter(use=use) if use else qs


def entity_keys_all(*, entity: Entity) -> QuerySet[EntityKey]:
    return EntityKey.objects.filter(entity=entity).order_by("-created_at", "-id")


def entity_signing_key(*, entity: Entity, kid: str, at: dt.datetime | None = None) -> EntityKey | None:
    """The entity's signing key ``kid`` that was valid at ``at`` (default: now, i.e. not revoked)."""
    qs = EntityKey.objects.filter(entity=entity, kid=kid, use=EntityKey.Use.SIG)
    if at is None:
        qs = qs.filter(revoked_at__isnull=True)
    else:
        qs = qs.filter(Q(revoked_at__isnull=True) | Q(revoked_at__gt=at))
    return qs.first()


def user_tokens(*, user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def users_manageable_by(actor, *, query: str = "") -> QuerySet[User]:
    """Accounts ``actor`` may manage (the queryset form of ``permissions.can_manage_user``), optionally
    searched by username, name or entity."""
    qs = User.objects.select_related("entity").exclude(pk=actor.pk).order_by("username")
    if not actor.is_superuser:
        qs = qs.filter(role__in=MANAGED_ROLES.get(actor.role, ()), is_superuser=False)
        if actor.role != Role.ADMIN:
            qs = qs.filter(is_staff=False)
    if query:
        qs = qs.filter(
            Q(username__icontains=query)
            | Q(display_name__icontains=query)
            | Q(entity__name__icontains=query)
            | Q(entity__uscc__icontains=query.upper())
        )
    return qs
