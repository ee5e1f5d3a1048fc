"""Before the deadline: registration, document download (logged, hidden), questions, clarifications."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from ggzy.core import audit, calendar, clock
from ggzy.core.context import current
from ggzy.core.exceptions import Conflict, Forbidden, InvalidInput, NotFound

from .. import deadlines, rules
from ..models import Clarification, DocumentDownload, Question, Registration, Section, Tender
from ..notices import publish_notice
from ..states import SectionStatus, TenderStatus
from .common import lock_tender, require_bidder, require_manager

TEXT_MAX = 5000


def _require_open(tender: Tender, *, now: dt.datetime) -> None:
    if tender.status != TenderStatus.PUBLISHED:
        raise NotFound()
    if now >= tender.tender_period_end:
        raise Conflict(
            "投标截止时间已过",
            code="deadline_passed",
            details={"deadline": tender.tender_period_end.isoformat()},
        )


def _require_invited(tender: Tender, entity) -> None:
    if tender.procedure_type.invited and entity.uscc not in tender.invited_bidders:
        raise Forbidden("邀请招标仅限受邀投标人参加", code="not_invited")


@transaction.atomic
def registration_create(*, actor, section: Section) -> Registration:
    entity = require_bidder(actor)
    section = Section.objects.select_related("tender", "tender__procedure_type").get(pk=section.pk)
    tender = section.tender
    now = clock.now()
    _require_open(tender, now=now)
    if not rules.bidding_open(section, status=section.status, now=now):
        raise Conflict("该标段当前不接受报名", code="section_not_open")
    _require_invited(tender, entity)
    try:
        with transaction.atomic():
            reg = Registration.objects.create(section=section, entity=entity, user=actor, created_at=now)
    except IntegrityError as exc:
        raise Conflict("已报名该标段", code="already_registered") from exc
    audit.record(actor=actor, action="tender.registered", target=reg, payload={"section": section.code})
    return reg


def is_registered(entity, tender: Tender) -> bool:
    return Registration.objects.filter(section__tender=tender, entity=entity).exists()


@transaction.atomic
def tender_documents_download(*, actor, tender: Tender) -> str:
    """Hand out the tender documents to a registered bidder and log who/when (never shown before the deadline)."""
    entity = require_bidder(actor)
    now = clock.now()
    if tender.status != TenderStatus.PUBLISHED:
        raise NotFound()
    if tender.documents_until and now >= tender.documents_until:
        raise Conflict("招标文件获取期已结束", code="documents_period_over")
    if not is_registered(entity, tender):
        raise Forbidden("请先报名后再下载招标文件", code="not_registered")
    row = DocumentDownload.objects.create(tender=tender, entity=entity, user=actor, at=now, ip=current().ip)
    audit.record(
        actor=actor, action="tender.documents_downloaded", target=row, payload={"tender": tender.code}
    )
    return tender.description


@transaction.atomic
def question_ask(*, actor, tender: Tender, text: str) -> Question:
    entity = require_bidder(actor)
    now = clock.now()
    _require_open(tender, now=now)
    if not is_registered(entity, tender):
        raise Forbidden("请先报名后再提问", code="not_registered")
    text = (text or "").strip()
    if not text or len(text) > TEXT_MAX:
        raise InvalidInput(f"问题不能为空且不超过{TEXT_MAX}字", code="invalid_text")
    q = Question.objects.create(tender=tender, asker=entity, asked_by=actor, text=text, asked_at=now)
    audit.record(actor=actor, action="tender.question_asked", target=q, payload={"tender": tender.code})
    return q


def clarification_proposal(*, tender: Tender, at: dt.datetime | None = None) -> dict:
    """What a clarification issued now means for the deadline (条例21 / 87号令27)."""
    at = at or clock.now()
    earliest = deadlines.earliest_deadline_after_clarification(tender.procedure_type, at)
    must_move = calendar.local_date(tender.tender_period_end) < earliest.date
    return {
        "mustMoveDeadline": must_move,
        "earliestDate": earliest.date.isoformat(),
        "isEstimated": earliest.is_estimated,
        "rule": tender.procedure_type.basis("clarification_lead_days"),
    }


@transaction.atomic
def clarification_issue(
    *,
    actor,
    tender: Tender,
    body: str,
    new_deadline: dt.datetime | None = None,
    questions: list[Question] | None = None,
) -> Clarification:
    """Issue a clarification/amendment. Under 15 days before the deadline the deadline must move: without
    ``new_deadline`` it is refused with code ``deadline_must_move`` and the proposed earliest date."""
    tender = lock_tender(tender.pk)
    require_manager(actor, tender)
    now = clock.now()
    _require_open(tender, now=now)
    body = (body or "").strip()
    if not body or len(body) > 50_000:
        raise InvalidInput("澄清内容不能为空", code="invalid_text")
    proposal = clarification_proposal(tender=tender, at=now)
    old = tender.tender_period_end
    deadline = old
    if new_deadline is not None:
        deadline = new_deadline if new_deadline.tzinfo else new_deadline.replace(tzinfo=clock.SHANGHAI)
        if deadline < old:
            raise InvalidInput("澄清不得提前投标截止时间", code="deadline_moved_earlier")
    earliest = dt.date.fromisoformat(proposal["earliestDate"])
    if calendar.local_date(deadline) < earliest:
        raise InvalidInput(
            f"澄清发出时距投标截止不足{tender.procedure_type.clarification_lead_days}日，须顺延投标截止时间，最早可定于 {earliest}",
            code="deadline_must_move",
            details={k: v for k, v in proposal.items() if k != "mustMoveDeadline"},
        )
    if deadline != old:
        shift = deadline - old
        tender.tender_period_end = deadline
        tender.opening_at = tender.opening_at + shift
        tender.save(update_fields=["tender_period_end", "opening_at"])
        tender.sections.filter(status=SectionStatus.BIDDING).update(next_check_at=deadline)
    number = tender.clarifications.count() + 1
    clar = Clarification.objects.create(
        tender=tender,
        number=number,
        body=body,
        issued_at=now,
        issued_by=actor,
        old_deadline=old,
        new_deadline=deadline,
    )
    for q in questions or []:
        Question.objects.filter(pk=q.pk, tender=tender).update(clarification=clar)
    text = body
    if deadline != old:
        text += (
            f"\n\n投标截止时间变更为：{deadline.astimezone(clock.SHANGHAI):%Y-%m-%d %H:%M:%S}；"
            f"开标时间：{tender.opening_at.astimezone(clock.SHANGHAI):%Y-%m-%d %H:%M}"
        )
    publish_notice(
        actor=actor,
        kind="amendment",
        tender=tender,
        title=f"{tender.title} 澄清/变更公告（第{number}号）",
        body=text,
        source=clar,
    )
    audit.record(
        actor=actor,
        action="tender.clarified",
        target=clar,
        payload={"tender": tender.code, "oldDeadline": old, "newDeadline": deadline},
    )
    return clar


@transaction.atomic
def question_answer(
    *, actor, question: Question, answer: str, new_deadline: dt.datetime | None = None
) -> Question:
    """Answer a question: the answer is published to all as a clarification (the asker stays anonymous)."""
    question = Question.objects.select_for_update().select_related("tender").get(pk=question.pk)
    require_manager(actor, question.tender)
    if question.answered_at:
        raise Conflict("该问题已答复", code="already_answered")
    answer = (answer or "").strip()
    if not answer:
        raise InvalidInput("答复不能为空", code="invalid_text")
    clar = clarification_issue(
        actor=actor,
        tender=question.tender,
        body=f"问：{question.text}\n答：{answer}",
        new_deadline=new_deadline,
        questions=[question],
    )
    question.answer, question.answered_at, question.clarification = answer, clock.now(), clar
    question.save(update_fields=["answer", "answered_at", "clarification"])
    audit.record(
        actor=actor, action="tender.question_answered", target=question, payload={"clarification": clar.pk}
    )
    return question
