"""Pool services: self-service registration and profile, operator vetting, status changes."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.db import IntegrityError, transaction

from ggzy.core import audit, clock
from ggzy.core.codes import validate_id_number, validate_uscc
from ggzy.core.exceptions import Conflict, InvalidInput
from ggzy.parties.permissions import require_role
from ggzy.parties.roles import Role

from ..models import Employment, EvaluationRecord, Expert, ExpertSpecialty, RelativeCompany, Specialty
from ..snapshots import bump_pool_version
from ..states import EXPERT


def _new_code() -> str:
    return "ZJ" + "".join(secrets.choice("0123456789") for _ in range(8))


def _id_digest(id_number: str) -> str:
    return hashlib.sha256(id_number.encode()).hexdigest()


def _parse_date(value: Any, field: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise InvalidInput(f"日期格式不正确：{value}", code="invalid_date", details={"field": field}) from exc


def _specialties(codes: list[str]) -> list[Specialty]:
    if not codes:
        raise InvalidInput(
            "至少选择一个评标专业", code="specialty_required", details={"field": "specialties"}
        )
    found = {s.code: s for s in Specialty.objects.filter(code__in=codes)}
    missing = sorted(set(codes) - set(found))
    if missing:
        raise InvalidInput("评标专业代码不存在", code="unknown_specialty", details={"codes": missing})
    return [found[c] for c in dict.fromkeys(codes)]


def _employments(rows: list[dict]) -> list[Employment]:
    if not rows:
        raise InvalidInput(
            "请填写工作单位及工作经历", code="employment_required", details={"field": "employments"}
        )
    out = []
    for n, row in enumerate(rows):
        started = _parse_date(row.get("startedOn") or row.get("started_on"), f"employments.{n}.startedOn")
        ended_raw = row.get("endedOn", row.get("ended_on"))
        ended = _parse_date(ended_raw, f"employments.{n}.endedOn") if ended_raw else None
        if ended and ended < started:
            raise InvalidInput("离职日期早于入职日期", code="employment_dates", details={"row": n})
        name = (row.get("employerName") or row.get("employer_name") or "").strip()
        if not name:
            raise InvalidInput("请填写单位名称", code="employer_name_required", details={"row": n})
        out.append(
            Employment(
                employer_uscc=validate_uscc(row.get("employerUscc") or row.get("employer_uscc")),
                employer_name=name,
                started_on=started,
                ended_on=ended,
            )
        )
    if not any(e.ended_on is None for e in out):
        raise InvalidInput("请填写当前工作单位（无离职日期）", code="current_employer_required")
    return out


def _relatives(rows: list[dict]) -> list[RelativeCompany]:
    out = []
    for n, row in enumerate(rows or []):
        relation = (row.get("relation") or "").strip()
        name = (row.get("companyName") or row.get("company_name") or "").strip()
        if not relation or not name:
            raise InvalidInput("请填写亲属关系和单位名称", code="relative_incomplete", details={"row": n})
        out.append(
            RelativeCompany(
                company_uscc=validate_uscc(row.get("companyUscc") or row.get("company_uscc")),
                company_name=name,
                relation=relation,
            )
        )
    return out


def _replace_children(expert: Expert, specialties, employments, relatives) -> None:
    if specialties is not None:
        ExpertSpecialty.objects.filter(expert=expert).delete()
        ExpertSpecialty.objects.bulk_create(
            [ExpertSpecialty(expert=expert, specialty=s) for s in specialties]
        )
    if employments is not None:
        expert.employments.all().delete()
        for e in employments:
            e.expert = expert
        Employment.objects.bulk_create(employments)
    if relatives is not None:
        expert.relative_companies.all().delete()
        for r in relatives:
            r.expert = expert
        RelativeCompany.objects.bulk_create(relatives)


def expert_register(
    *,
    actor,
    name: str,
    id_number: str,
    phone: str,
    region: str,
    title: str,
    specialties: list[str],
    employments: list[dict],
    relatives: list[dict] | None = None,
) -> Expert:
    """Self-service application by a user holding the expert role; an operator vets it."""
    require_role(actor, Role.EXPERT)
    if Expert.objects.filter(user=actor).exists():
        raise Conflict("您已提交过专家信息", code="expert_exists")
    id_number = validate_id_number(id_number)
    if not (name or "").strip() or not (region or "").strip():
        raise InvalidInput("请填写姓名和所在地区", code="profile_incomplete")
    spec_rows, emp_rows, rel_rows = (
        _specialties(specialties),
        _employments(employments),
        _relatives(relatives or []),
    )
    with transaction.atomic():
        if Expert.objects.filter(id_number=id_number).exists():
            raise Conflict("该身份证号已登记为专家", code="id_number_taken")
        for _ in range(5):
            try:
                with transaction.atomic():
                    expert = Expert.objects.create(
                        expert_code=_new_code(),
                        user=actor,
                        name=name.strip(),
                        id_number=id_number,
                        phone=(phone or "").strip(),
                        region=region.strip(),
                        title=(title or "").strip(),
                    )
                break
            except IntegrityError as exc:  # code collision (or a concurrent second registration)
                if (
                    Expert.objects.filter(user=actor).exists()
                    or Expert.objects.filter(id_number=id_number).exists()
                ):
                    raise Conflict("您已提交过专家信息", code="expert_exists") from exc
        else:  # pragma: no cover — 10^8 codes
            raise Conflict("专家编号分配失败，请重试", code="expert_code_exhausted")
        _replace_children(expert, spec_rows, emp_rows, rel_rows)
        audit.record(
            actor=actor,
            action="expert.registered",
            target=expert,
            payload={
                "expertCode": expert.expert_code,
                "idNumberDigest": _id_digest(id_number),
                "specialties": [s.code for s in spec_rows],
            },
        )
    return expert


def expert_update_profile(
    *,
    actor,
    expert: Expert,
    phone: str | None = None,
    region: str | None = None,
    title: str | None = None,
    specialties: list[str] | None = None,
    employments: list[dict] | None = None,
    relatives: list[dict] | None = None,
) -> Expert:
    """The expert keeps the profile current. New specialties need vetting again."""
    require_role(actor, Role.EXPERT)
    if expert.user_id != actor.pk:
        raise Conflict(code="not_own_profile")  # callers fetch by the actor; this is a safety net
    if expert.status == Expert.Status.RETIRED:
        raise Conflict("已退出专家库", code="expert_retired")
    spec_rows = _specialties(specialties) if specialties is not None else None
    emp_rows = _employments(employments) if employments is not None else None
    rel_rows = _relatives(relatives) if relatives is not None else None
    with transaction.atomic():
        expert = Expert.objects.select_for_update().get(pk=expert.pk)
        fields = []
        for attr, value in (("phone", phone), ("region", region), ("title", title)):
            if value is not None:
                setattr(expert, attr, value.strip())
                fields.append(attr)
        revet = False
        if spec_rows is not None:
            old = set(expert.specialty_links.values_list("specialty_id", flat=True))
            revet = bool({s.code for s in spec_rows} - old) and expert.status == Expert.Status.ACTIVE
        if revet:
            EXPERT.move(
                expert,
                Expert.Status.PENDING,
                actor=actor,
                extra_fields=fields,
                reason="新增评标专业，须重新审核",
            )
            fields.append("status")
        elif fields:
            expert.save(update_fields=fields)
        _replace_children(expert, spec_rows, emp_rows, rel_rows)
        if spec_rows is not None or region is not None or "status" in fields:
            bump_pool_version()
        audit.record(
            actor=actor,
            action="expert.profile_updated",
            target=expert,
            payload={
                "fields": fields
                + [
                    k
                    for k, v in (
                        ("specialties", spec_rows),
                        ("employments", emp_rows),
                        ("relatives", rel_rows),
                    )
                    if v is not None
                ],
            },
        )
    return expert


def expert_vet(*, actor, expert: Expert, approve: bool, note: str = "") -> Expert:
    require_role(actor, Role.OPERATOR)
    if not approve and not note.strip():
        raise InvalidInput("驳回时须说明理由", code="reason_required", details={"field": "note"})
    with transaction.atomic():
        expert = Expert.objects.select_for_update().get(pk=expert.pk)
        EXPERT.check(expert.status, Expert.Status.ACTIVE if approve else Expert.Status.REJECTED)
        expert.vetting_note = note.strip()
        expert.vetted_at = clock.now()
        EXPERT.move(
            expert,
            Expert.Status.ACTIVE if approve else Expert.Status.REJECTED,
            actor=actor,
            extra_fields=["vetting_note", "vetted_at"],
            audit_action="expert.vetted",
            audit_details={"approved": approve, "note": expert.vetting_note},
        )
        bump_pool_version()
    return expert


def expert_set_status(*, actor, expert: Expert, status: str, note: str) -> Expert:
    """Suspend, reinstate or retire an expert (operator)."""
    require_role(actor, Role.OPERATOR)
    if status not in {Expert.Status.SUSPENDED, Expert.Status.ACTIVE, Expert.Status.RETIRED}:
        raise InvalidInput("状态无效", code="invalid_status")
    if not note.strip():
        raise InvalidInput("请说明理由", code="reason_required", details={"field": "note"})
    with transaction.atomic():
        expert = Expert.objects.select_for_update().get(pk=expert.pk)
        EXPERT.check(expert.status, status)
        expert.vetting_note = note.strip()
        EXPERT.move(
            expert,
            status,
            actor=actor,
            extra_fields=["vetting_note"],
            audit_details={"note": expert.vetting_note},
        )
        bump_pool_version()
    return expert


def evaluation_record_add(
    *, actor, expert: Expert, buyer_uscc: str, section_ref: str, evaluated_at: dt.datetime, draw=None
) -> EvaluationRecord:
    """Called by the evaluation service when a member completes an evaluation."""
    with transaction.atomic():
        row = EvaluationRecord.objects.create(
            expert=expert,
            buyer_uscc=buyer_uscc,
            section_ref=section_ref,
            evaluated_at=evaluated_at,
            draw=draw,
        )
        audit.record(
            actor=actor,
            action="expert.evaluation_recorded",
            target=expert,
            payload={"sectionRef": section_ref, "buyerUscc": buyer_uscc},
        )
    return row
