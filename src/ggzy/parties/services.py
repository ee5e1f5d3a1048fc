"""Every write on parties: entities, users, API tokens, public keys. Each service is atomic and
writes its audit record in the same transaction. Signature checks live here too (read-only)."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ggzy.core import audit, clock
from ggzy.core.codes import validate_id_number, validate_uscc
from ggzy.core.exceptions import Conflict, Forbidden, InvalidInput, NotFound

from . import selectors, signatures
from .auth import hash_token
from .jwk import validate_public_jwk
from .models import ApiToken, Entity, EntityKey, User
from .permissions import require_entity_member, require_role
from .roles import Role

# Roles an entity may give its first user when registering itself; the others are created by operators.
SELF_REGISTER_ROLES = (Role.BUYER, Role.AGENCY, Role.BIDDER)
# Roles whose users must belong to an entity.
ENTITY_REQUIRED_ROLES = (Role.BUYER, Role.AGENCY, Role.BIDDER, Role.REGULATOR, Role.OPERATOR)
# Review transitions: (from, decision) -> to. Only entity_review assigns these statuses.
REVIEW_TRANSITIONS = {
    (Entity.Status.PENDING, True): Entity.Status.VERIFIED,
    (Entity.Status.PENDING, False): Entity.Status.REJECTED,
}
TOKEN_PREFIX = "ggzy_"


def _text(value: Any, *, field: str, label: str, max_length: int, required: bool = True) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if required and not text:
        raise InvalidInput(f"请填写{label}", code="required", details={"field": field})
    if len(text) > max_length:
        raise InvalidInput(f"{label}不能超过{max_length}个字符", code="too_long", details={"field": field})
    return text


def _check_new_user(*, username: str, password: str, role: str, id_number: str, user_fields: dict,
                    check_strength: bool = True) -> tuple[str, str]:
    username = _text(username, field="username", label="用户名", max_length=150)
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError as exc:
        raise InvalidInput("用户名只能包含字母、数字和 @/./+/-/_", code="invalid_username",
                           details={"field": "username"}) from exc
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
        raise InvalidInput("密码强度不足：" + "；".join(exc.messages), code="weak_password",
                           details={"field": "password", "errors": exc.messages}) from exc
    return username, id_number


def _make_user(*, username: str, password: str, role: str, entity: Entity | None, id_number: str,
               fields: dict) -> User:
    user = User(username=username, role=role, entity=entity, id_number=id_number,
                is_staff=role in (Role.OPERATOR, Role.ADMIN), **fields)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save(force_insert=True)
    except IntegrityError as exc:  # a concurrent registration won the race
        raise Conflict("用户名或身份证号已被使用", code="username_taken") from exc
    return user


def _user_fields(display_name: str, phone: str, email: str) -> dict:
    return {
        "display_name": _text(display_name, field="displayName", label="姓名", max_length=100, required=False),
        "phone": _text(phone, field="phone", label="手机号", max_length=20, required=False),
        "email": _text(email, field="email", label="电子邮箱", max_length=254, required=False),
    }


@transaction.atomic
def entity_register(*, uscc: str, name: str, username: str, password: str, role: str = Role.BIDDER,
                    kind: str = Entity.Kind.ENTERPRISE, legal_representative: str = "", contact_phone: str = "",
                    district: str = "", address: str = "", display_name: str = "", phone: str = "",
                    email: str = "", id_number: str = "") -> tuple[Entity, User]:
    """Self-registration (注册): a pending entity and its first user, together or not at all."""
    code = validate_uscc(uscc)
    name = _text(name, field="name", label="主体名称", max_length=200)
    if role not in SELF_REGISTER_ROLES:
        raise InvalidInput("自助注册只能选择招标人/采购人、招标代理机构或投标人/竞买人", code="invalid_role",
                           details={"field": "role", "allowed": list(SELF_REGISTER_ROLES)})
    if kind not in Entity.Kind.values:
        raise InvalidInput("主体类型无效", code="invalid_kind", details={"field": "kind"})
    fields = _user_fields(display_name, phone, email)
    username, id_number = _check_new_user(username=username, password=password, role=role,
                                          id_number=id_number, user_fields=fields)
    if Entity.objects.filter(uscc=code).exists():
        raise Conflict("该统一社会信用代码已注册", code="uscc_taken", details={"field": "uscc"})
    entity = Entity(
        uscc=code, name=name, kind=kind, status=Entity.Status.PENDING,
        legal_representative=_text(legal_representative, field="legalRepresentative", label="法定代表人",
                                   max_length=100, required=False),
        contact_phone=_text(contact_phone, field="contactPhone", label="联系电话", max_length=40, required=False),
        district=_text(district, field="district", label="所在区", max_length=40, required=False),
        address=_text(address, field="address", label="地址", max_length=300, required=False),
    )
    try:
        with transaction.atomic():
            entity.save(force_insert=True)
    except IntegrityError as exc:
        raise Conflict("该统一社会信用代码已注册", code="uscc_taken", details={"field": "uscc"}) from exc
    user = _make_user(username=username, password=password, role=role, entity=entity, id_number=id_number,
                      fields=fields)
    audit.record(actor=user, action="entity.register", target=entity,
                 payload={"uscc": code, "name": name, "username": username, "role": role})
    return entity, user


@transaction.atomic
def entity_create(*, actor, uscc: str, name: str, kind: str = Entity.Kind.ENTERPRISE,
                  verified: bool = False) -> Entity:
    """Operators (or the CLI, ``actor=None``) create an entity directly, optionally already verified."""
    if actor is not None:
        require_role(actor, Role.OPERATOR, Role.ADMIN)
    code = validate_uscc(uscc)
    name = _text(name, field="name", label="主体名称", max_length=200)
    if kind not in Entity.Kind.values:
        raise InvalidInput("主体类型无效", code="invalid_kind", details={"field": "kind"})
    if Entity.objects.filter(uscc=code).exists():
        raise Conflict("该统一社会信用代码已注册", code="uscc_taken", details={"field": "uscc"})
    now = clock.now()
    entity = Entity.objects.create(
        uscc=code, name=name, kind=kind,
        status=Entity.Status.VERIFIED if verified else Entity.Status.PENDING,
        reviewed_at=now if verified else None, reviewed_by=actor if verified and actor else None,
        review_note="由交易中心直接登记" if verified else "",
    )
    audit.record(actor=actor, action="entity.create", target=entity,
                 payload={"uscc": code, "name": name, "verified": verified})
    return entity


@transaction.atomic
def entity_review(*, actor, uscc: str, approve: bool, note: str = "") -> Entity:
    """The operator approves (通过) or rejects (驳回, with a reason) a pending entity."""
    require_role(actor, Role.OPERATOR)
    code = validate_uscc(uscc)
    note = _text(note, field="note", label="审核意见", max_length=500, required=not approve)
    entity = Entity.objects.select_for_update().filter(uscc=code).first()
    if entity is None:
        raise NotFound("市场主体不存在", code="entity_not_found")
    new_status = REVIEW_TRANSITIONS.get((entity.status, bool(approve)))
    if new_status is None:
        raise Conflict(f"该主体当前状态为“{entity.get_status_display()}”，不能审核", code="entity_not_pending",
                       details={"status": entity.status})
    entity.status = new_status
    entity.reviewed_at = clock.now()
    entity.reviewed_by = actor
    entity.review_note = note
    entity.save(update_fields=["status", "reviewed_at", "reviewed_by", "review_note"])
    audit.record(actor=actor, action="entity.review", target=entity,
                 payload={"uscc": code, "approve": bool(approve), "status": new_status, "note": note})
    return entity


@transaction.atomic
def user_create(*, actor, username: str, password: str, role: str, entity_uscc: str | None = None,
                display_name: str = "", phone: str = "", email: str = "", id_number: str = "",
                check_password_strength: bool = True) -> User:
    """Operators/admins (or the CLI, ``actor=None``) create accounts of any role.
    ``check_password_strength=False`` is only for the trusted CLI (demo and training set-ups)."""
    if actor is not None and not check_password_strength:
        raise Forbidden("只有命令行可以跳过密码强度检查", code="role_forbidden")
    if actor is not None:
        require_role(actor, Role.OPERATOR, Role.ADMIN)
        if role == Role.ADMIN and actor.role != Role.ADMIN:
            raise Forbidden("只有综合管理部门可以创建综合管理部门账号", code="role_forbidden")
    fields = _user_fields(display_name, phone, email)
    username, id_number = _check_new_user(username=username, password=password, role=role,
                                          id_number=id_number, user_fields=fields,
                                          check_strength=check_password_strength)
    entity = None
    if entity_uscc:
        entity = Entity.objects.filter(uscc=validate_uscc(entity_uscc)).first()
        if entity is None:
            raise NotFound("市场主体不存在", code="entity_not_found", details={"field": "entity"})
    elif role in ENTITY_REQUIRED_ROLES:
        raise InvalidInput(f"角色“{Role(role).label}”必须关联市场主体", code="entity_required",
                           details={"field": "entity"})
    user = _make_user(username=username, password=password, role=role, entity=entity, id_number=id_number,
                      fields=fields)
    audit.record(actor=actor, action="user.create", target=user,
                 payload={"username": username, "role": role, "entity": entity.uscc if entity else None})
    return user


@transaction.atomic
def api_token_issue(*, actor, name: str = "", ttl: dt.timedelta | None = None) -> tuple[ApiToken, str]:
    """Issue an API token for ``actor`` itself. The raw token is returned once; only its SHA-256 is stored."""
    from .permissions import require_login

    require_login(actor)
    name = _text(name, field="name", label="令牌用途", max_length=100, required=False)
    ttl = ttl or dt.timedelta(hours=int(getattr(settings, "GGZY_API_TOKEN_TTL_HOURS", 720)))
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=actor, name=name, prefix=raw[:12], key_hash=hash_token(raw),
                                    expires_at=clock.now() + ttl)
    audit.record(actor=actor, action="api_token.issue", target=token,
                 payload={"prefix": token.prefix, "name": name, "expiresAt": token.expires_at.isoformat()})
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor, token_id: int) -> ApiToken:
    """Revoke one of ``actor``'s own tokens (another user's token is reported as not found)."""
    token = ApiToken.objects.select_for_update().filter(pk=token_id, user_id=getattr(actor, "pk", None)).first()
    if token is None:
        raise NotFound("令牌不存在", code="token_not_found")
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
        audit.record(actor=actor, action="api_token.revoke", target=token, payload={"prefix": token.prefix})
    return token


@transaction.atomic
def entity_key_register(*, actor, entity: Entity, jwk: Any) -> EntityKey:
    """A user of ``entity`` registers one of its public keys (JWK; see parties.jwk for what is accepted)."""
    require_entity_member(actor, entity)
    entity = Entity.objects.select_for_update().get(pk=entity.pk)
    if entity.status not in (Entity.Status.PENDING, Entity.Status.VERIFIED):
        raise Forbidden("该主体已被驳回或暂停，不能登记公钥", code="entity_inactive")
    public = validate_public_jwk(jwk)
    if EntityKey.objects.filter(kid=public.kid).exists():
        raise Conflict("该 kid 已被使用，请换一个", code="kid_taken", details={"kid": public.kid})
    if EntityKey.objects.filter(fingerprint=public.fingerprint, revoked_at__isnull=True).exists():
        raise Conflict("该公钥已登记过", code="key_already_registered", details={"fingerprint": public.fingerprint})
    try:
        with transaction.atomic():
            key = EntityKey.objects.create(entity=entity, kid=public.kid, use=public.use, alg=public.alg,
                                           jwk=public.jwk, fingerprint=public.fingerprint)
    except IntegrityError as exc:
        raise Conflict("该 kid 已被使用，请换一个", code="kid_taken", details={"kid": public.kid}) from exc
    audit.record(actor=actor, action="entity_key.register", target=key,
                 payload={"uscc": entity.uscc, "kid": key.kid, "use": key.use, "alg": key.alg,
                          "fingerprint": key.fingerprint})
    return key


@transaction.atomic
def entity_key_revoke(*, actor, entity: Entity, kid: str) -> EntityKey:
    """A user of ``entity`` revokes one of its keys. Revoked keys stay listed for verifying old documents."""
    require_entity_member(actor, entity)
    key = EntityKey.objects.select_for_update().filter(entity=entity, kid=kid).first()
    if key is None:
        raise NotFound("公钥不存在", code="key_not_found")
    if key.revoked_at is None:
        key.revoked_at = clock.now()
        key.save(update_fields=["revoked_at"])
        audit.record(actor=actor, action="entity_key.revoke", target=key,
                     payload={"uscc": entity.uscc, "kid": kid, "fingerprint": key.fingerprint})
    return key


def signature_verify(*, entity: Entity, kid: str, data: bytes, signature: bytes,
                     at: dt.datetime | None = None) -> bool:
    """True iff ``signature`` over ``data`` verifies with ``entity``'s signing key ``kid`` (ES256 raw r||s
    or DER; SM2SM3 raw or DER). Unknown, revoked or encryption keys give False. ``at``: accept a key that
    was revoked after that moment (checking an older document)."""
    key = selectors.entity_signing_key(entity=entity, kid=kid, at=at)
    if key is None:
        return False
    return signatures.verify_with_jwk(key.jwk, data, signature)
