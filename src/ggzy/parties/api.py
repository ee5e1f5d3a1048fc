"""Parties API (sealed-bids spec §5): tokens, who am I, entity self-registration and review, public keys."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.contrib.auth import SESSION_KEY, update_session_auth_hash
from django.http import HttpResponse
from ninja import Field, Router, Schema, Status

from . import selectors, services
from .auth import API_AUTH
from .models import ApiToken, Entity, EntityKey, User
from .permissions import require_entity_member
from .roles import Role
from .throttle import authenticate_throttled

router = Router(tags=["parties"])


def _anonymous(request):
    """Last resort of OPTIONAL_AUTH: let the request through as anonymous."""
    return True


# Public endpoints that show more to a logged-in caller (bearer token or session).
OPTIONAL_AUTH = [*API_AUTH, _anonymous]


def _viewer(request):
    user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None


# Bounded so a megabyte "password" cannot make Argon2 burn the CPU.
Username = Annotated[str, Field(max_length=150)]
Password = Annotated[str, Field(max_length=256)]
Short = Annotated[str, Field(max_length=300)]


class TokenIn(Schema):
    username: Username
    password: Password


class TokenOut(Schema):
    token: str
    expiresAt: dt.datetime


class EntityOut(Schema):
    uscc: str
    name: str
    kind: str
    kindName: str
    status: str
    statusName: str
    district: str


class EntityDetailOut(EntityOut):
    reviewedAt: dt.datetime | None = None
    reviewNote: str = ""


class MeOut(Schema):
    username: str
    displayName: str
    role: str
    roleName: str
    entity: EntityOut | None


class RegisterUserIn(Schema):
    username: Username
    password: Password
    role: Literal["buyer", "agency", "bidder"] = "bidder"
    displayName: Short = ""
    phone: Short = ""
    email: Short = ""
    idNumber: Short = ""


class RegisterIn(Schema):
    uscc: Short
    name: Short
    kind: Literal["enterprise", "institution", "government", "other"] = "enterprise"
    legalRepresentative: Short = ""
    contactPhone: Short = ""
    district: Short = ""
    address: Short = ""
    user: RegisterUserIn


class RegisterOut(Schema):
    entity: EntityDetailOut
    username: str


class ReviewIn(Schema):
    decision: Literal["approve", "reject"]
    note: Annotated[str, Field(max_length=500)] = ""


class NoteIn(Schema):
    note: Annotated[str, Field(max_length=500)] = ""


class KeyIn(Schema):
    jwk: dict[str, Any]


class KeyOut(Schema):
    kid: str
    use: str
    alg: str
    fingerprint: str
    createdAt: dt.datetime
    revokedAt: dt.datetime | None
    jwk: dict[str, Any]


class KeysOut(Schema):
    keys: list[dict[str, Any]]
    items: list[KeyOut]


class TokenItemOut(Schema):
    id: int
    prefix: str
    name: str
    createdAt: dt.datetime
    expiresAt: dt.datetime
    lastUsedAt: dt.datetime | None
    revokedAt: dt.datetime | None


class TokensOut(Schema):
    items: list[TokenItemOut]


class PasswordChangeIn(Schema):
    oldPassword: Password
    newPassword: Password


class PasswordChangeOut(Schema):
    tokensRevoked: int


class PasswordResetOut(Schema):
    username: str
    temporaryPassword: str
    mustChangePassword: bool


def token_dict(token: ApiToken) -> dict:
    """Never the token itself nor its hash: only the prefix identifies it."""
    return {
        "id": token.pk,
        "prefix": token.prefix,
        "name": token.name,
        "createdAt": token.created_at,
        "expiresAt": token.expires_at,
        "lastUsedAt": token.last_used_at,
        "revokedAt": token.revoked_at,
    }


def entity_dict(entity: Entity, *, detail: bool = False) -> dict:
    data = {
        "uscc": entity.uscc,
        "name": entity.name,
        "kind": entity.kind,
        "kindName": entity.get_kind_display(),
        "status": entity.status,
        "statusName": entity.get_status_display(),
        "district": entity.district,
    }
    if detail:
        data.update(reviewedAt=entity.reviewed_at, reviewNote=entity.review_note)
    return data


def key_dict(key: EntityKey) -> dict:
    return {
        "kid": key.kid,
        "use": key.use,
        "alg": key.alg,
        "fingerprint": key.fingerprint,
        "createdAt": key.created_at,
        "revokedAt": key.revoked_at,
        "jwk": key.jwk,
    }


@router.post("/auth/token", response=TokenOut, summary="用户名和密码换取 API 令牌（限流）")
def token_create(request, payload: TokenIn):
    user = authenticate_throttled(request, username=payload.username, password=payload.password)
    token, raw = services.api_token_issue(actor=user, name="api")
    return {"token": raw, "expiresAt": token.expires_at}


@router.get("/me", response=MeOut, auth=API_AUTH, summary="当前用户")
def me(request):
    user: User = request.user
    return {
        "username": user.username,
        "displayName": user.display_name,
        "role": user.role,
        "roleName": Role(user.role).label,
        "entity": entity_dict(user.entity) if user.entity_id else None,
    }


@router.get("/me/tokens", response=TokensOut, auth=API_AUTH, summary="我的 API 令牌（不含令牌本身）")
def my_tokens(request):
    return {"items": [token_dict(t) for t in selectors.user_tokens(user=request.user)]}


@router.delete("/me/tokens/{token_id}", response=TokenItemOut, auth=API_AUTH, summary="吊销我的 API 令牌")
def my_token_revoke(request, token_id: int):
    return token_dict(services.api_token_revoke(actor=request.user, token_id=token_id))


@router.post(
    "/me/password",
    response=PasswordChangeOut,
    auth=API_AUTH,
    summary="修改密码（须原密码；吊销全部 API 令牌，其他登录失效）",
)
def my_password_change(request, payload: PasswordChangeIn):
    user, revoked = services.user_password_change(
        actor=request.user, old_password=payload.oldPassword, new_password=payload.newPassword
    )
    if request.session.get(SESSION_KEY):
        update_session_auth_hash(request, user)  # a browser session calling the API stays logged in
    return {"tokensRevoked": revoked}


@router.post(
    "/users/{username}/password-reset",
    response=PasswordResetOut,
    auth=API_AUTH,
    summary="交易中心重置市场主体用户密码（返回一次性临时密码）",
)
def user_password_reset(request, username: str, response: HttpResponse):
    user, temporary = services.user_password_reset(actor=request.user, username=username)
    response["Cache-Control"] = "no-store"
    return {"username": user.username, "temporaryPassword": temporary, "mustChangePassword": True}


@router.post("/entities", response={201: RegisterOut}, summary="市场主体自助注册（待交易中心审核）")
def entity_register(request, payload: RegisterIn):
    u = payload.user
    entity, user = services.entity_register(
        uscc=payload.uscc,
        name=payload.name,
        kind=payload.kind,
        legal_representative=payload.legalRepresentative,
        contact_phone=payload.contactPhone,
        district=payload.district,
        address=payload.address,
        username=u.username,
        password=u.password,
        role=u.role,
        display_name=u.displayName,
        phone=u.phone,
        email=u.email,
        id_number=u.idNumber,
    )
    return Status(201, {"entity": entity_dict(entity, detail=True), "username": user.username})


@router.get("/entities/{uscc}", response=EntityDetailOut, auth=OPTIONAL_AUTH, summary="市场主体基本信息")
def entity_get(request, uscc: str):
    return entity_dict(selectors.entity_get(uscc=uscc, viewer=_viewer(request)), detail=True)


@router.post("/entities/{uscc}/review", response=EntityDetailOut, auth=API_AUTH, summary="交易中心审核主体")
def entity_review(request, uscc: str, payload: ReviewIn):
    entity = services.entity_review(
        actor=request.user, uscc=uscc, approve=payload.decision == "approve", note=payload.note
    )
    return entity_dict(entity, detail=True)


@router.post("/entities/{uscc}/suspend", response=EntityDetailOut, auth=API_AUTH, summary="交易中心暂停主体")
def entity_suspend(request, uscc: str, payload: NoteIn):
    return entity_dict(services.entity_suspend(actor=request.user, uscc=uscc, note=payload.note), detail=True)


@router.post(
    "/entities/{uscc}/reinstate", response=EntityDetailOut, auth=API_AUTH, summary="交易中心恢复主体"
)
def entity_reinstate(request, uscc: str, payload: NoteIn):
    return entity_dict(
        services.entity_reinstate(actor=request.user, uscc=uscc, note=payload.note), detail=True
    )


@router.post(
    "/entities/{uscc}/resubmit", response=EntityDetailOut, auth=API_AUTH, summary="被驳回的主体重新提交审核"
)
def entity_resubmit(request, uscc: str, payload: NoteIn):
    entity = selectors.entity_get(uscc=uscc, viewer=request.user)
    require_entity_member(request.user, entity)
    return entity_dict(services.entity_resubmit(actor=request.user, note=payload.note), detail=True)


@router.get("/entities/{uscc}/keys", response=KeysOut, auth=OPTIONAL_AUTH, summary="主体公钥（JWKS）")
def entity_keys(request, uscc: str):
    entity = selectors.entity_get(uscc=uscc, viewer=_viewer(request))
    items = list(selectors.entity_keys_all(entity=entity))
    return {"keys": [k.jwk for k in items if k.revoked_at is None], "items": [key_dict(k) for k in items]}


@router.post("/entities/{uscc}/keys", response={201: KeyOut}, auth=API_AUTH, summary="登记公钥（JWK）")
def entity_key_register(request, uscc: str, payload: KeyIn):
    entity = selectors.entity_get(uscc=uscc, viewer=request.user)
    key = services.entity_key_register(actor=request.user, entity=entity, jwk=payload.jwk)
    return Status(201, key_dict(key))


@router.delete("/entities/{uscc}/keys/{kid}", response=KeyOut, auth=API_AUTH, summary="吊销公钥")
def entity_key_revoke(request, uscc: str, kid: str):
    entity = selectors.entity_get(uscc=uscc, viewer=request.user)
    return key_dict(services.entity_key_revoke(actor=request.user, entity=entity, kid=kid))
