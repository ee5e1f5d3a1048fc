"""Accounts created by operators, admins or the CLI (self-registration is in entities.py)."""

from __future__ import annotations

from django.db import transaction

from ggzy.core import audit
from ggzy.core.codes import validate_uscc
from ggzy.core.exceptions import Forbidden, InvalidInput, NotFound

from ..models import Entity, User
from ..permissions import require_can_manage_user, require_role
from ..roles import Role
from ._common import ENTITY_REQUIRED_ROLES, _check_new_user, _make_user, _user_fields

# What staff may change on another account (roles and entities have their own services).
EDITABLE_FIELDS = ("display_name", "phone", "email", "is_active")


@transaction.atomic
def user_create(
    *,
    actor,
    username: str,
    password: str,
    role: str,
    entity_uscc: str | None = None,
    display_name: str = "",
    phone: str = "",
    email: str = "",
    id_number: str = "",
    check_password_strength: bool = True,
) -> User:
    """Operators/admins (or the CLI, ``actor=None``) create accounts of any role.
    ``check_password_strength=False`` is only for the trusted CLI (demo and training set-ups)."""
    if actor is not None and not check_password_strength:
        raise Forbidden("只有命令行可以跳过密码强度检查", code="role_forbidden")
    if actor is not None:
        require_role(actor, Role.OPERATOR, Role.ADMIN)
        if role == Role.ADMIN and actor.role != Role.ADMIN:
            raise Forbidden("只有综合管理部门可以创建综合管理部门账号", code="role_forbidden")
    fields = _user_fields(display_name, phone, email)
    username, id_number = _check_new_user(
        username=username,
        password=password,
        role=role,
        id_number=id_number,
        user_fields=fields,
        check_strength=check_password_strength,
    )
    entity = None
    if entity_uscc:
        entity = Entity.objects.filter(uscc=validate_uscc(entity_uscc)).first()
        if entity is None:
            raise NotFound("市场主体不存在", code="entity_not_found", details={"field": "entity"})
    elif role in ENTITY_REQUIRED_ROLES:
        raise InvalidInput(
            f"角色“{Role(role).label}”必须关联市场主体", code="entity_required", details={"field": "entity"}
        )
    user = _make_user(
        username=username, password=password, role=role, entity=entity, id_number=id_number, fields=fields
    )
    audit.record(
        actor=actor,
        action="user.create",
        target=user,
        payload={"username": username, "role": role, "entity": entity.uscc if entity else None},
    )
    return user


@transaction.atomic
def user_update(*, actor, user: User, changes: dict) -> User:
    """Staff change another account's contact details or (de)activate it — only accounts they manage
    (``permissions.can_manage_user``: operators never touch staff). Audited as ``user.admin_change``."""
    target = User.objects.select_for_update().get(pk=user.pk)
    require_can_manage_user(actor, target)
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise InvalidInput("这些字段不能在此修改", code="field_not_editable", details={"fields": unknown})
    if "is_active" in changes:
        changes["is_active"] = bool(changes["is_active"])
    texts = _user_fields(
        changes.get("display_name", target.display_name),
        changes.get("phone", target.phone),
        changes.get("email", target.email),
    )
    changed = {}
    for name, value in {**texts, "is_active": changes.get("is_active", target.is_active)}.items():
        if name in changes and getattr(target, name) != value:
            setattr(target, name, value)
            changed[name] = value
    if changed:
        target.save(update_fields=list(changed))
        audit.record(actor=actor, action="user.admin_change", target=target, payload={"fields": changed})
    return target
