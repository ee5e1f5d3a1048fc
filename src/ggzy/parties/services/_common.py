"""Input checks shared by the account-creating services."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ggzy.core.codes import validate_id_number
from ggzy.core.exceptions import Conflict, InvalidInput

from ..models import Entity, User
from ..roles import Role

# Roles an entity may give its first user when registering itself; the others are created by operators.
SELF_REGISTER_ROLES = (Role.BUYER, Role.AGENCY, Role.BIDDER)
# Roles whose users must belong to an entity.
ENTITY_REQUIRED_ROLES = (Role.BUYER, Role.AGENCY, Role.BIDDER, Role.REGULATOR, Role.OPERATOR)


def _text(value: Any, *, field: str, label: str, max_length: int, required: bool = True) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if required and not text:
        raise InvalidInput(f"请填写{label}", code="required", details={"field": field})
    if len(text) > max_length:
        raise InvalidInput(f"{label}不能超过{max_length}个字符", code="too_long", details={"field": field})
    return text


def _check_new_user(
    *, username: str, password: str, role: str, id_number: str, user_fields: dict, check_strength: bool = True
) -> tuple[str, str]:
    username = _text(username, field="username", label="用户名", max_length=150)
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError as exc:
        raise InvalidInput(
            "用户名只能包含字母、数字和 @/./+/-/_", code="invalid_username", details={"field": "username"}
        ) from exc
    if role not in Role.values:
        raise InvalidInput("角色无效", code="invalid_role", details={"field": "role", "allowed": Role.values})
    if User.objects.filter(username__iexact=username).exists():
        raise Conflict("该用户名已被使用", code="username_taken", details={"field": "username"})
    id_number = validate_id_number(id_number) if id_number else ""
    if id_number and User.objects.filter(id_number=id_number).exists():
        raise Conflict("该身份证号已注册账号", code="id_number_taken", details={"field": "idNumber"})
    if not password:
        raise InvalidInput("请填写密码", code="required", details={"field": "password"})
    try:
        if check_strength:
            validate_password(password, user=User(username=username, **user_fields))
    except ValidationError as exc:
        raise InvalidInput(
            "密码强度不足：" + "；".join(exc.messages),
            code="weak_password",
            details={"field": "password", "errors": exc.messages},
        ) from exc
    return username, id_number


def _make_user(
    *, username: str, password: str, role: str, entity: Entity | None, id_number: str, fields: dict
) -> User:
    user = User(
        username=username,
        role=role,
        entity=entity,
        id_number=id_number,
        is_staff=role in (Role.OPERATOR, Role.ADMIN),
        **fields,
    )
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save(force_insert=True)
    except IntegrityError as exc:  # a concurrent registration won the race
        raise Conflict("用户名或身份证号已被使用", code="username_taken") from exc
    return user


def _user_fields(display_name: str, phone: str, email: str) -> dict:
    return {
        "display_name": _text(
            display_name, field="displayName", label="姓名", max_length=100, required=False
        ),
        "phone": _text(phone, field="phone", label="手机号", max_length=20, required=False),
        "email": _text(email, field="email", label="电子邮箱", max_length=254, required=False),
    }
