"""Tender lifecycle: create (draft), publish (legal periods checked), terminate, re-tender after 流标."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from ggzy.catalog.selectors import current_entries
from ggzy.core import audit, calendar, clock
from ggzy.core.codes import is_valid_uscc
from ggzy.core.exceptions import Conflict, Forbidden, InvalidInput, NotFound, Throttled
from ggzy.core.legal_rules import cite, rule
from ggzy.core.money import parse_money
from ggzy.hub.publication.districts import normalise_district
from ggzy.parties.models import Entity, User
from ggzy.parties.permissions import require_role, require_verified_entity
from ggzy.parties.roles import Role

from .. import deadlines, rules
from ..codes import child_code, new_draft_ref, next_project_code, validate_industry, validate_region
from ..conf import drafts_per_actor_per_hour
from ..models import ProcedureType, Section, Tender, TradingProject
from ..notices import publish_notice, section_line
from ..states import SECTION, TENDER, SectionStatus, TenderStatus
from .common import MANAGER_ROLES, aware, lock_section, lock_tender, require_manager

MAX_SECTIONS = 999
# Opening window bounds (minutes): long enough for every bidder to unwrap its key, short enough to stay
# "on the spot" (20号令 on the online opening; the law fixes no duration: the platform sets it, configurable per
# tender within these bounds).
OPENING_WINDOW_MIN, OPENING_WINDOW_MAX = 5, 240
DRAFT_RATE_WINDOW = dt.timedelta(hours=1)


@dataclass
class SectionInput:
    title: str
    estimated_amount: Decimal
    ceiling_amount: Decimal | None = None
    currency: str = "CNY"


@dataclass
class TenderInput:
    procedure_type: str
    catalogue_code: str
    title: str
    buyer: str
    tender_period_end: dt.datetime
    opening_at: dt.datetime
    sections: list[SectionInput]
    opening_window_minutes: int = 30
    district: str = "310000"
    industry: str | None = None
    description: str = ""
    invited_bidders: list[str] = field(default_factory=list)
    project_code: str | None = None
    # 国有资金占控股或者主导地位 (条例55: such works tenders award rank 1)
    state_funded: bool = False


def _money(value, field_name: str, *, allow_zero: bool = False) -> Decimal:
    return parse_money(value, field=field_name, allow_zero=allow_zero)


def _procedure(code: str) -> ProcedureType:
    procedure = ProcedureType.objects.filter(code=code, active=True).first()
    if procedure is None:
        raise InvalidInput(
            "未知的交易程序类型", code="unknown_procedure_type", details={"procedureType": code}
        )
    return procedure


def _catalogue_entry(code: str, procedure: ProcedureType):
    entry = (
        current_entries()
        .filter(code=(code or "").strip().upper())
        .prefetch_related("trading_methods")
        .first()
    )
    if entry is None:
        raise InvalidInput(
            "交易目录中没有该目录编码", code="catalogue_entry_not_found", details={"catalogueCode": code}
        )
    methods = {m.code for m in entry.trading_methods.all()}
    if methods and procedure.trading_method not in methods:
        raise InvalidInput(
            "该目录事项不适用此交易方式",
            code="procedure_not_in_catalogue",
            details={"catalogueCode": entry.code, "tradingMethod": procedure.trading_method},
        )
    return entry


def _resolve_parties(actor, buyer_uscc: str) -> tuple[Entity, Entity | None]:
    require_role(actor, *MANAGER_ROLES)
    own = require_verified_entity(actor)
    buyer = Entity.objects.filter(uscc=(buyer_uscc or "").strip().upper()).first()
    if buyer is None:
        raise InvalidInput("招标人不存在", code="buyer_not_found", details={"buyer": buyer_uscc})
    if actor.role == Role.BUYER:
        if buyer.pk != own.pk:
            raise Forbidden("招标人只能为本单位创建项目", code="not_own_buyer")
        return buyer, None
    return buyer, own  # agency acting for the buyer (委托代理)


def _check_times(data: TenderInput) -> tuple[dt.datetime, dt.datetime]:
    end = aware(data.tender_period_end, "tenderPeriodEnd")
    opening = aware(data.opening_at, "openingAt")
    if opening < end:
        raise InvalidInput("开标时间不得早于投标截止时间", code="opening_before_deadline")
    if end <= clock.now():
        raise InvalidInput("投标截止时间必须晚于当前时间", code="deadline_in_past")
    if not OPENING_WINDOW_MIN <= int(data.opening_window_minutes) <= OPENING_WINDOW_MAX:
        raise InvalidInput(
            f"解密时限应为{OPENING_WINDOW_MIN}–{OPENING_WINDOW_MAX}分钟", code="invalid_opening_window"
        )
    return end, opening


@transaction.atomic
def tender_create(*, actor, data: TenderInput) -> Tender:
    """Create a draft tender (and its trading project unless ``project_code`` names the buyer's own)."""
    buyer, agency = _resolve_parties(actor, data.buyer)
    procedure = _procedure(data.procedure_type)
    entry = _catalogue_entry(data.catalogue_code, procedure)
    end, opening = _check_times(data)
    title = (data.title or "").strip()
    if not title or len(title) > 300:
        raise InvalidInput("项目名称不能为空且不超过300字", code="invalid_title")
    district = normalise_district(data.district)
    if district is None:
        raise InvalidInput("区域不正确", code="invalid_district", details={"district": data.district})
    if not data.sections or len(data.sections) > MAX_SECTIONS:
        raise InvalidInput("至少需要一个标段", code="no_sections")
    invited = sorted({u.strip().upper() for u in data.invited_bidders})
    bad = [u for u in invited if not is_valid_uscc(u)]
    if bad:
        raise InvalidInput(
            "受邀投标人统一社会信用代码不正确", code="invalid_invited_bidder", details={"uscc": bad}
        )
    now = clock.now()
    _check_draft_rate(actor, now)
    if data.project_code:
        project = (
            TradingProject.objects.select_for_update().filter(code=data.project_code, buyer=buyer).first()
        )
        if project is None:
            raise NotFound("交易项目不存在", code="project_not_found")
    else:
        industry = validate_industry(data.industry or entry.industry_code or procedure.default_industry)
        project = TradingProject.objects.create(
            code=None,
            title=title,
            buyer=buyer,
            industry_code=industry,
            region_code=validate_region(district),
            created_at=now,
        )
    tender = Tender.objects.create(
        project=project,
        code=None,
        draft_ref=new_draft_ref(),
        procedure_type=procedure,
        catalogue_code=entry.code,
        district=district,
        title=title,
        description=data.description or "",
        buyer=buyer,
        agency=agency,
        created_by=actor,
        invited_bidders=invited,
        tender_period_end=end,
        opening_at=opening,
        opening_window_minutes=int(data.opening_window_minutes),
        created_at=now,
        state_funded=bool(data.state_funded),
    )
    for number, spec in enumerate(data.sections, start=1):
        stitle = (spec.title or "").strip()
        if not stitle:
            raise InvalidInput("标段名称不能为空", code="invalid_section_title", details={"section": number})
        if (spec.currency or "CNY") != "CNY":
            raise InvalidInput("目前仅支持人民币（CNY）", code="unsupported_currency")
        estimated = _money(spec.estimated_amount, f"sections.{number}.estimatedPrice")
        ceiling = (
            None
            if spec.ceiling_amount in (None, "")
            else _money(spec.ceiling_amount, f"sections.{number}.ceilingPrice")
        )
        Section.objects.create(
            tender=tender,
            code=None,
            number=number,
            title=stitle[:300],
            estimated_amount=estimated,
            ceiling_amount=ceiling,
        )
    audit.record(
        actor=actor,
        action="tender.created",
        target=tender,
        payload={
            "draftRef": tender.draft_ref,
            "procedureType": procedure.code,
            "sections": len(data.sections),
            "buyer": buyer.uscc,
            "agency": agency.uscc if agency else None,
        },
    )
    return tender


def _check_draft_rate(actor, now: dt.datetime) -> None:
    """At most ``GGZY_DRAFTS_PER_ACTOR_PER_HOUR`` tenders created per user in any hour. The user's row is
    locked first, so parallel requests of one user are counted one after the other."""
    limit = drafts_per_actor_per_hour()
    User.objects.select_for_update().filter(pk=actor.pk).values_list("pk", flat=True).first()
    recent = list(
        Tender.objects.filter(created_by=actor, created_at__gt=now - DRAFT_RATE_WINDOW)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:limit]
    )
    if len(recent) >= limit:
        retry_after = max(1, math.ceil((recent[-1] + DRAFT_RATE_WINDOW - now).total_seconds()))
        raise Throttled(
            f"创建招标项目草稿过于频繁：每个账号每小时最多创建{limit}个，请{math.ceil(retry_after / 60)}分钟后再试",
            code="too_many_drafts",
            details={"limit": limit, "retryAfterSeconds": retry_after},
        )


def _assign_public_codes(tender: Tender, on: dt.date) -> None:
    """Take the public serial now, at publication (codes.py): project code if the project has none yet,
    then the tender's and its sections' codes. Runs under the tender's row lock; the project row is
    locked too, so two tenders of one project never get the same number."""
    project = TradingProject.objects.select_for_update().get(pk=tender.project_id)
    fields = ["tender_count"]
    if project.code is None:
        project.code = next_project_code(industry=project.industry_code, region=project.region_code, on=on)
        fields.append("code")
    project.tender_count += 1
    project.save(update_fields=fields)
    tender.project = project
    tender.code = child_code(project.code, project.tender_count)


def _notice_body(tender: Tender, sale_end: dt.datetime) -> str:
    lines = [
        f"项目编号：{tender.code}",
        f"招标人：{tender.buyer.name}",
        f"交易程序：{tender.procedure_type.name}",
        f"招标文件获取截止：{sale_end.astimezone(clock.SHANGHAI):%Y-%m-%d %H:%M}",
        f"投标截止时间：{tender.tender_period_end.astimezone(clock.SHANGHAI):%Y-%m-%d %H:%M:%S}",
        f"开标时间：{tender.opening_at.astimezone(clock.SHANGHAI):%Y-%m-%d %H:%M}（不见面开标，投标人在线解密）",
        "标段：",
        *[f"  {section_line(s)}" for s in tender.sections.all()],
    ]
    if tender.agency_id:
        lines.insert(2, f"招标代理机构：{tender.agency.name}")
    if tender.description:
        lines += ["", tender.description]
    return "\n".join(lines)


@transaction.atomic
def tender_publish(*, actor, tender: Tender) -> Tender:
    """Publish: legal periods checked against the working-day calendar; sections open for bids."""
    tender = lock_tender(tender.pk)
    require_manager(actor, tender)
    procedure = tender.procedure_type
    now = clock.now()
    if tender.tender_period_end <= now:
        raise InvalidInput("投标截止时间已过，请修改后再发布", code="deadline_in_past")
    earliest = deadlines.check_publishable(procedure, issued_at=now, deadline=tender.tender_period_end)
    min_invited = rule("法17").value
    if procedure.invited and len(tender.invited_bidders) < min_invited:
        raise InvalidInput(
            f"邀请招标应向{min_invited}个以上特定法人或其他组织发出投标邀请书（{cite('法17')}）",
            code="too_few_invited",
            details={"rule": procedure.basis("invited"), "min": min_invited},
        )
    sale_end = deadlines.documents_sale_end(procedure, now)
    TENDER.check(tender.status, TenderStatus.PUBLISHED)  # before the public code is taken
    _assign_public_codes(tender, calendar.local_date(now))
    tender.published_at = now
    tender.documents_until = min(calendar.end_of_day(sale_end.date), tender.tender_period_end)
    tender.deadline_is_estimated = earliest.is_estimated or sale_end.is_estimated
    TENDER.move(
        tender,
        TenderStatus.PUBLISHED,
        actor=actor,
        extra_fields=["code", "published_at", "documents_until", "deadline_is_estimated"],
        audit_action="tender.published",
        audit_details={
            "code": tender.code,
            "draftRef": tender.draft_ref,
            "deadline": tender.tender_period_end,
            "earliestLegal": earliest.isoformat(),
            "documentsUntil": tender.documents_until,
            "estimated": tender.deadline_is_estimated,
        },
    )
    for section in tender.sections.select_for_update():
        section.code = child_code(tender.code, section.number)
        section.next_check_at = tender.tender_period_end
        SECTION.move(
            section, SectionStatus.BIDDING, actor=actor, extra_fields=["code", "next_check_at", "updated_at"]
        )
    kind_title = "投标邀请书" if procedure.notice_kind == "invitation" else "招标公告"
    publish_notice(
        actor=actor,
        kind=procedure.notice_kind,
        tender=tender,
        title=f"{tender.title} {kind_title}",
        body=_notice_body(tender, tender.documents_until),
    )
    return tender


@transaction.atomic
def tender_terminate(*, actor, tender: Tender, reason: str) -> Tender:
    """终止招标: every section not yet awarded ends; a 终止公告 is published (条例31)."""
    tender = lock_tender(tender.pk)
    require_manager(actor, tender)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("请填写终止原因", code="reason_required")
    was_published = tender.status == TenderStatus.PUBLISHED
    TENDER.move(
        tender,
        TenderStatus.TERMINATED,
        actor=actor,
        audit_action="tender.terminated",
        audit_details={"reason": reason},
    )
    for section in tender.sections.select_for_update():
        if section.status in (SectionStatus.AWARDED, SectionStatus.CONTRACTED, SectionStatus.FAILED):
            continue
        section.failure_reason, section.next_check_at = reason[:300], None
        SECTION.move(
            section,
            SectionStatus.TERMINATED,
            actor=actor,
            reason=reason,
            extra_fields=["failure_reason", "next_check_at", "updated_at"],
        )
    if was_published:
        publish_notice(
            actor=actor,
            kind="termination",
            tender=tender,
            title=f"{tender.title} 终止公告",
            body=f"项目编号：{tender.code}\n终止原因：{reason}",
        )
    return tender


@transaction.atomic
def tender_retender(*, actor, section: Section, publish: bool = True) -> Tender:
    """One-click re-tender after 流标 (条例44 / 87号令41): a new tender in the same trading project with
    the failed section, the earliest legal deadline (same time of day) and, by default, published."""
    section = lock_section(section.pk)
    old = section.tender
    require_manager(actor, old)
    if not rules.retender_allowed(section.status):
        raise Conflict("仅流标的标段可以重新招标", code="not_failed")
    if Section.objects.filter(tender__previous=old, title=section.title).exists():
        raise Conflict("该标段已重新招标", code="already_retendered")
    now = clock.now()
    earliest = deadlines.earliest_bid_deadline(old.procedure_type, now)
    local_end = old.tender_period_end.astimezone(clock.SHANGHAI)
    end = dt.datetime.combine(earliest.date, local_end.timetz())
    opening = end + (old.opening_at - old.tender_period_end)
    tender = Tender.objects.create(
        project_id=old.project_id,
        code=None,
        draft_ref=new_draft_ref(),
        procedure_type=old.procedure_type,
        catalogue_code=old.catalogue_code,
        district=old.district,
        title=f"{old.title}（重新招标）"[:300],
        description=old.description,
        buyer=old.buyer,
        agency=old.agency,
        created_by=actor,
        invited_bidders=old.invited_bidders,
        tender_period_end=end,
        opening_at=opening,
        opening_window_minutes=old.opening_window_minutes,
        previous=old,
        created_at=now,
        state_funded=old.state_funded,
    )
    Section.objects.create(
        tender=tender,
        code=None,
        number=1,
        title=section.title,
        estimated_amount=section.estimated_amount,
        ceiling_amount=section.ceiling_amount,
    )
    audit.record(
        actor=actor,
        action="tender.retendered",
        target=tender,
        payload={"previous": old.code, "section": section.code, "draftRef": tender.draft_ref},
    )
    if publish:
        tender = tender_publish(actor=actor, tender=tender)
    return tender
