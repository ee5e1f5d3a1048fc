"""Entity lifecycle: self-registration, direct creation, review and later status changes."""

from __future__ import annotations

import datetime as dt
import math

from django.conf import settings
from django.db import IntegrityError, transaction

from ggzy.core import audit, clock
from ggzy.core.codes import validate_uscc
from ggzy.core.context import current
from ggzy.core.exceptions import Conflict, InvalidInput, NotFound, Throttled
from ggzy.core.models import AuditRecord

from ..models import Entity, User
from ..permissions import require_entity, require_role
from ..roles import Role
from ..states import ENTITY, EVENTS
from ._common import SELF_REGISTER_ROLES, _check_new_user, _make_user, _text, _user_fields

# Self-registrations allowed from one IP address per hour (spam guard); the CLI has no IP and is exempt.
REGISTRATIONS_PER_IP_PER_HOUR = 60


def _registration_guard() -> None:
    ip = current().ip
    if not ip:
        return
    limit = int(getattr(settings, "GGZY_REGISTER_MAX_PER_IP_PER_HOUR", REGISTRATIONS_PER_IP_PER_HOUR))
    now = clock.now()
    recent = list(
        AuditRecord.objects.filter(action="entity.register", ip=ip, at__gt=now - dt.timedelta(hours=1))
        .order_by("-at")
        .values_list("at", flat=True)[:limit]
    )
    if len(recent) >= limit:
        # Free again when the oldest of the last ``limit`` registrations is an hour old.
        oldest = recent[-1] if recent else now
        retry_after = math.ceil((oldest + dt.timedelta(hours=1) - now).total_seconds())
        raise Throttled(
            f"该网络地址注册过于频繁，请{math.ceil(retry_after / 60)}分钟后再试", retry_after=retry_after
        )


@transaction.atomic
def entity_register(
    *,
    uscc: str,
    name: str,
    username: str,
    password: str,
    role: str = Role.BIDDER,
    kind: str = Entity.Kind.ENTERPRISE,
    legal_representative: str = "",
    contact_phone: str = "",
    district: str = "",
    address: str = "",
    display_name: str = "",
    phone: str = "",
    email: str = "",
    id_number: str = "",
) -> tuple[Entity, User]:
    """Self-registration (注册): a pending entity and its first user, together or not at all."""
    _registration_guard()
    code = validate_uscc(uscc)
    name = _text(name, field="name", label="主体名称", max_length=200)
    if role not in SELF_REGISTER_ROLES:
        raise InvalidInput(
            "自助注册只能选择招标人/采购人、招标代理机构或投标人/竞买人",
            code="invalid_role",
            details={"field": "role", "allowed": list(SELF_REGISTER_ROLES)},
        )
    if kind not in Entity.Kind.values:
        raise InvalidInput("主体类型无效", code="invalid_kind", details={"field": "kind"})
    fields = _user_fields(display_name, phone, email)
    username, id_number = _check_new_user(
        username=username, password=password, role=role, id_number=id_number, user_fields=fields
    )
    if Entity.objects.filter(uscc=code).exists():
        raise Conflict("该统一社会信用代码已注册", code="uscc_taken", details={"field": "uscc"})
    entity = Entity(
        uscc=code,
        name=name,
        kind=kind,
        status=Entity.Status.PENDING,
        legal_representative=_text(
            legal_representative,
            field="legalRepresentative",
            label="法定代表人",
            max_length=100,
            required=False,
        ),
        contact_phone=_text(
            contact_phone, field="contactPhone", label="联系电话", max_length=40, required=False
        ),
        district=_text(district, field="district", label="所在区", max_length=40, required=False),
        address=_text(address, field="address", label="地址", max_length=300, required=False),
    )
    try:
        with transaction.atomic():
            entity.save(force_insert=True)
    except IntegrityError as exc:
        raise Conflict("该统一社会信用代码已注册", code="uscc_taken", details={"field": "uscc"}) from exc
    user = _make_user(
        username=username, password=password, role=role, entity=entity, id_number=id_number, fields=fields
    )
    audit.record(
        actor=user,
        action="entity.register",
        target=entity,
        payload={"uscc": code, "name": name, "username": username, "role": role},
    )
    return entity, user


@transaction.atomic
def entity_create(
    *, actor, uscc: str, name: str, kind: str = Entity.Kind.ENTERPRISE, verified: bool = False
) -> Entity:
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
        uscc=code,
        name=name,
        kind=kind,
        status=Entity.Status.VERIFIED if verified else Entity.Status.PENDING,
        reviewed_at=now if verified else None,
        reviewed_by=actor if verified and actor else None,
        review_note="由交易中心直接登记" if verified else "",
    )
    audit.record(
        actor=actor,
        action="entity.create",
        target=entity,
        payload={"uscc": code, "name": name, "verified": verified},
    )
    return entity


def _locked(code: str) -> Entity:
    entity = Entity.objects.select_for_update().filter(uscc=code).first()
    if entity is None:
        raise NotFound("市场主体不存在", code="entity_not_found")
    return entity


def _transition(*, actor, entity: Entity, event: str, note: str) -> Entity:
    start, new_status, code = EVENTS[event]
    ENTITY.check(entity.status, new_status, code=code, only_from={start})  # before the review fields change
    entity.reviewed_at = clock.now()
    entity.reviewed_by = actor
    entity.review_note = note
    ENTITY.move(
        entity,
        new_status,
        actor=actor,
        code=code,
        only_from={start},
        extra_fields=["reviewed_at", "reviewed_by", "review_note"],
        audit_action=f"entity.{event}",
        audit_details={"uscc": entity.uscc, "status": new_status, "note": note},
    )
    return entity


@transaction.atomic
def entity_review(*, actor, uscc: str, approve: bool, note: str = "") -> Entity:
    """The operator approves (通过) or rejects (驳回, with a reason) a pending entity.
    Audited as ``entity.approve`` / ``entity.reject``."""
    require_role(actor, Role.OPERATOR)
    code = validate_uscc(uscc)
    note = _text(note, field="note", label="审核意见", max_length=500, required=not approve)
    return _transition(actor=actor, entity=_locked(code), event="approve" if approve else "reject", note=note)


@transaction.atomic
def entity_suspend(*, actor, uscc: str, note: str) -> Entity:
    """The operator suspends (暂停) a verified entity, e.g. during a 失信 penalty; a reason is required.
    Its users then fail ``require_verified_entity``."""
    require_role(actor, Role.OPERATOR)
    code = validate_uscc(uscc)
    note = _text(note, field="note", label="暂停理由", max_length=500)
    return _transition(actor=actor, entity=_locked(code), event="suspend", note=note)


@transaction.atomic
def entity_reinstate(*, actor, uscc: str, note: str = "") -> Entity:
    require_role(actor, Role.OPERATOR)
    code = validate_uscc(uscc)
    note = _text(note, field="note", label="恢复说明", max_length=500, required=False)
    return _transition(actor=actor, entity=_locked(code), event="reinstate", note=note)


@transaction.atomic
def entity_resubmit(*, actor, note: str = "") -> Entity:
    """A user of a rejected entity asks for review again (after fixing what the operator noted)."""
    entity = require_entity(actor)
    note = _text(note, field="note", label="补充说明", max_length=500, required=False)
    return _transition(actor=actor, entity=_locked(entity.uscc), event="resubmit", note=note)
