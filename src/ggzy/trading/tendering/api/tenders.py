from __future__ import annotations

import datetime as dt

from ninja import Field, Schema, Status

from ggzy.core import clock
from ggzy.core.api_types import Amount
from ggzy.core.crypto.platform_keys import platform_jwks
from ggzy.core.exceptions import NotFound
from ggzy.parties.auth import API_AUTH

from .. import deadlines, presenters, selectors
from ..models import Question, Section
from ..services import participation, tenders, transitions
from ..services.tenders import SectionInput, TenderInput
from . import router
from .common import OPTIONAL_AUTH, actor


class MoneyIn(Schema):
    amount: Amount
    currency: str = "CNY"


class SectionIn(Schema):
    title: str
    estimatedPrice: MoneyIn
    ceilingPrice: MoneyIn | None = None


class TenderIn(Schema):
    procedureType: str
    catalogueCode: str
    title: str
    buyer: str
    tenderPeriodEnd: dt.datetime
    openingAt: dt.datetime
    openingWindowMinutes: int = 30
    sections: list[SectionIn] = Field(..., min_length=1)
    district: str = "310000"
    industry: str | None = None
    description: str = ""
    invitedBidders: list[str] = []
    projectCode: str | None = None
    stateFunded: bool = False  # 国有资金占控股或者主导地位：定标须选排名第一的候选人（条例55）


class ClarificationIn(Schema):
    body: str
    newDeadline: dt.datetime | None = None


class QuestionIn(Schema):
    text: str


class QuestionAnswerIn(Schema):
    answer: str
    newDeadline: dt.datetime | None = None


class TerminateIn(Schema):
    reason: str


@router.get("/procedure-types", auth=None, summary="交易程序类型（配置）")
def procedure_types_list(request):
    return {"items": [presenters.procedure_type_dict(p) for p in selectors.procedure_types()]}


@router.get("/platform/keys", auth=None, summary="平台签名公钥（JWKS）")
def platform_keys(request):
    return platform_jwks()


@router.post("/tenders", auth=API_AUTH, response={201: dict}, summary="创建招标项目（含标段）")
def tender_create(request, payload: TenderIn):
    data = TenderInput(
        procedure_type=payload.procedureType,
        catalogue_code=payload.catalogueCode,
        title=payload.title,
        buyer=payload.buyer,
        tender_period_end=payload.tenderPeriodEnd,
        opening_at=payload.openingAt,
        opening_window_minutes=payload.openingWindowMinutes,
        district=payload.district,
        industry=payload.industry,
        description=payload.description,
        invited_bidders=payload.invitedBidders,
        project_code=payload.projectCode,
        state_funded=payload.stateFunded,
        sections=[
            SectionInput(
                title=s.title,
                estimated_amount=s.estimatedPrice.amount,
                ceiling_amount=s.ceilingPrice.amount if s.ceilingPrice else None,
                currency=s.estimatedPrice.currency,
            )
            for s in payload.sections
        ],
    )
    tender = tenders.tender_create(actor=request.user, data=data)
    # A draft has no public code yet (assigned at publication): ``code``/``projectCode`` are null until then.
    return Status(
        201,
        {
            "id": tender.pk,
            "code": tender.code,
            "projectCode": tender.project.code,
            "draftRef": tender.draft_ref,
            "sections": [{"id": s.pk, "code": s.code} for s in tender.sections.order_by("number")],
        },
    )


@router.get("/tenders", auth=OPTIONAL_AUTH, summary="已发布的招标项目")
def tender_list(request, mine: bool = False):
    qs = selectors.tenders_managed(actor(request)) if mine else selectors.tenders_published()
    return {
        "items": [
            {
                "id": t.pk,
                "code": t.code,
                "title": t.title,
                "status": t.status,
                "procedureType": t.procedure_type.code,
                "buyer": t.buyer.name,
                "tenderPeriodEnd": t.tender_period_end.isoformat(),
            }
            for t in qs[:200]
        ]
    }


@router.post("/tenders/{tender_id}/publish", auth=API_AUTH, summary="发布（校验法定期限）")
def tender_publish(request, tender_id: int):
    transitions.tender_apply_due(tender_id=tender_id)  # the explicit step before a write
    tender = selectors.tender_visible(request.user, tender_id)
    return presenters.tender_dict(tenders.tender_publish(actor=request.user, tender=tender), request.user)


@router.post("/tenders/{tender_id}/terminate", auth=API_AUTH, summary="终止招标")
def tender_terminate(request, tender_id: int, payload: TerminateIn):
    transitions.tender_apply_due(tender_id=tender_id)  # the explicit step before a write
    tender = selectors.tender_visible(request.user, tender_id)
    return presenters.tender_dict(
        tenders.tender_terminate(actor=request.user, tender=tender, reason=payload.reason), request.user
    )


@router.get("/tenders/{tender_id}", auth=OPTIONAL_AUTH, summary="招标项目、标段、期限、状态")
def tender_get(request, tender_id: int):
    return presenters.tender_dict(selectors.tender_visible(actor(request), tender_id), actor(request))


@router.get(
    "/tenders/{tender_id}/deadline-check", auth=OPTIONAL_AUTH, summary="最早合法截止日（按当前时间发布）"
)
def tender_deadline_check(request, tender_id: int):
    tender = selectors.tender_visible(actor(request), tender_id)
    earliest = deadlines.earliest_bid_deadline(tender.procedure_type, clock.now())
    return {
        "earliestDeadline": presenters.counted_date_dict(earliest),
        "rule": tender.procedure_type.basis("min_bid_days"),
        "clarification": participation.clarification_proposal(tender=tender),
    }


@router.post("/sections/{section_id}/registrations", auth=API_AUTH, response={201: dict}, summary="投标报名")
def registration_create(request, section_id: int):
    transitions.section_apply_due(section_id=section_id)  # the explicit step before a write
    section = selectors.section_visible(request.user, section_id)
    reg = participation.registration_create(actor=request.user, section=section)
    return Status(201, {"id": reg.pk, "sectionId": section.pk, "createdAt": reg.created_at.isoformat()})


@router.get("/tenders/{tender_id}/registrations", auth=API_AUTH, summary="报名情况（截止后，招标人/监管）")
def registration_list(request, tender_id: int):
    tender = selectors.tender_visible(request.user, tender_id)
    return {
        "items": [
            {
                "sectionId": r.section_id,
                "bidder": {"id": r.entity.uscc, "name": r.entity.name},
                "createdAt": r.created_at.isoformat(),
            }
            for r in selectors.registrations(request.user, tender)
        ]
    }


@router.post(
    "/tenders/{tender_id}/documents",
    auth=API_AUTH,
    summary="下载招标文件（已报名投标人；记录下载，故为 POST）",
)
def documents_download(request, tender_id: int):
    tender = selectors.tender_visible(request.user, tender_id)
    return {
        "tenderId": tender.pk,
        "documents": participation.tender_documents_download(actor=request.user, tender=tender),
    }


@router.get("/tenders/{tender_id}/downloads", auth=API_AUTH, summary="下载记录（截止前对任何人不可见）")
def download_list(request, tender_id: int):
    tender = selectors.tender_visible(request.user, tender_id)
    return {
        "items": [
            {"bidder": {"id": d.entity.uscc, "name": d.entity.name}, "at": d.at.isoformat()}
            for d in selectors.download_log(request.user, tender)
        ]
    }


@router.get("/tenders/{tender_id}/questions", auth=API_AUTH, summary="提问（招标人看不到提问人）")
def question_list(request, tender_id: int):
    tender = selectors.tender_visible(request.user, tender_id)
    return {"items": selectors.questions_for(request.user, tender)}


@router.post("/tenders/{tender_id}/questions", auth=API_AUTH, response={201: dict}, summary="投标人提问")
def question_ask(request, tender_id: int, payload: QuestionIn):
    transitions.tender_apply_due(tender_id=tender_id)  # the explicit step before a write
    tender = selectors.tender_visible(request.user, tender_id)
    return Status(
        201,
        selectors.question_dict(
            participation.question_ask(actor=request.user, tender=tender, text=payload.text)
        ),
    )


@router.post("/questions/{question_id}/answer", auth=API_AUTH, summary="答复提问（以澄清公告发布）")
def question_answer(request, question_id: int, payload: QuestionAnswerIn):
    question = Question.objects.filter(pk=question_id).first()
    if question is None:
        raise NotFound()
    selectors.tender_visible(request.user, question.tender_id)
    q = participation.question_answer(
        actor=request.user, question=question, answer=payload.answer, new_deadline=payload.newDeadline
    )
    return selectors.question_dict(q)


@router.post("/tenders/{tender_id}/clarifications", auth=API_AUTH, response={201: dict}, summary="澄清/修改")
def clarification_issue(request, tender_id: int, payload: ClarificationIn):
    transitions.tender_apply_due(tender_id=tender_id)  # the explicit step before a write
    tender = selectors.tender_visible(request.user, tender_id)
    clar = participation.clarification_issue(
        actor=request.user, tender=tender, body=payload.body, new_deadline=payload.newDeadline
    )
    return Status(201, {"id": clar.pk, "number": clar.number, "newDeadline": clar.new_deadline.isoformat()})


@router.post(
    "/sections/{section_id}/retender", auth=API_AUTH, response={201: dict}, summary="流标后一键重新招标"
)
def section_retender(request, section_id: int):
    transitions.section_apply_due(section_id=section_id)  # the explicit step before a write
    section = selectors.section_visible(request.user, section_id)
    tender = tenders.tender_retender(actor=request.user, section=Section.objects.get(pk=section.pk))
    return Status(201, presenters.tender_dict(tender, request.user))
