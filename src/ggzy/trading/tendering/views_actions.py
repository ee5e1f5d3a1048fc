"""POST actions behind the tendering pages: each calls one service and redirects back with a message."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ggzy.core import clock
from ggzy.core.exceptions import GgzyError, InvalidInput
from ggzy.parties.roles import Role

from . import selectors
from .models import Bid, Contract, OpeningObjection, ProcedureType, PublicityObjection, Question
from .services import award, bids, opening, participation, tenders
from .services.tenders import SectionInput, TenderInput
from .views import _visible_section, _visible_tender


def _back(request, url, fn, success: str):
    try:
        result = fn()
    except GgzyError as exc:
        detail = exc.details.get("earliestDate")
        messages.error(request, exc.message + (f"（最早：{detail}）" if detail and detail not in exc.message else ""))
        return redirect(url)
    if isinstance(result, HttpResponse):
        return result
    messages.success(request, success)
    return redirect(url)


def _when(value: str, field: str) -> dt.datetime | None:
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput("时间格式不正确", code="invalid_datetime", details={"field": field}) from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=clock.SHANGHAI)


def _sections(text: str) -> list[SectionInput]:
    rows = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        try:
            estimated = Decimal(parts[1].replace(",", ""))
            ceiling = Decimal(parts[2].replace(",", "")) if len(parts) > 2 and parts[2] else None
        except (IndexError, InvalidOperation) as exc:
            raise InvalidInput(f"标段格式应为“名称|估算价|最高限价”：{line}", code="invalid_sections") from exc
        rows.append(SectionInput(title=parts[0], estimated_amount=estimated, ceiling_amount=ceiling))
    return rows


@login_required
def tender_new(request):
    if request.user.role not in (Role.BUYER, Role.AGENCY):
        raise PermissionDenied("仅招标人或招标代理机构可创建项目")
    ctx = {"procedures": ProcedureType.objects.filter(active=True), "form": request.POST or {},
           "own_uscc": request.user.entity.uscc if request.user.entity_id else ""}
    if request.method == "POST":
        p = request.POST
        try:
            data = TenderInput(
                procedure_type=p.get("procedure_type", ""), catalogue_code=p.get("catalogue_code", ""),
                title=p.get("title", ""), buyer=p.get("buyer", ""),
                tender_period_end=_when(p.get("tender_period_end", ""), "tenderPeriodEnd"),
                opening_at=_when(p.get("opening_at", "") or p.get("tender_period_end", ""), "openingAt"),
                opening_window_minutes=int(p.get("opening_window_minutes") or 30), district=p.get("district", "310000"),
                description=p.get("description", ""), sections=_sections(p.get("sections", "")),
                invited_bidders=[u for u in p.get("invited_bidders", "").split() if u],
            )
            tender = tenders.tender_create(actor=request.user, data=data)
        except (GgzyError, ValueError) as exc:
            ctx["error"] = getattr(exc, "message", str(exc))
            return render(request, "tendering/new.html", ctx, status=422)
        messages.success(request, f"已创建招标项目草稿 {tender.reference}（发布时分配项目编号），请核对后发布")
        return redirect("tendering:detail", tender_id=tender.pk)
    return render(request, "tendering/new.html", ctx)


def _detail(tender_id):
    return f"/trading/tenders/{tender_id}/"


@require_POST
@login_required
def tender_publish(request, tender_id: int):
    tender = _visible_tender(request, tender_id)
    return _back(request, _detail(tender_id), lambda: tenders.tender_publish(actor=request.user, tender=tender),
                 "已发布，招标公告已推送至信息公开")


@require_POST
@login_required
def tender_terminate(request, tender_id: int):
    tender = _visible_tender(request, tender_id)
    return _back(request, _detail(tender_id), lambda: tenders.tender_terminate(
        actor=request.user, tender=tender, reason=request.POST.get("reason", "")), "已终止并发布终止公告")


@require_POST
@login_required
def clarification_issue(request, tender_id: int):
    tender = _visible_tender(request, tender_id)
    return _back(request, _detail(tender_id), lambda: participation.clarification_issue(
        actor=request.user, tender=tender, body=request.POST.get("body", ""),
        new_deadline=_when(request.POST.get("new_deadline", ""), "newDeadline")), "澄清已发布")


@require_POST
@login_required
def question_ask(request, tender_id: int):
    tender = _visible_tender(request, tender_id)
    return _back(request, _detail(tender_id), lambda: participation.question_ask(
        actor=request.user, tender=tender, text=request.POST.get("text", "")), "问题已提交（招标人看不到提问单位）")


@require_POST
@login_required
def question_answer(request, question_id: int):
    q = Question.objects.filter(pk=question_id).first()
    if q is None:
        raise Http404()
    return _back(request, _detail(q.tender_id), lambda: participation.question_answer(
        actor=request.user, question=q, answer=request.POST.get("answer", ""),
        new_deadline=_when(request.POST.get("new_deadline", ""), "newDeadline")), "已答复并以澄清公告发布")


@login_required
def documents_download(request, tender_id: int):
    tender = _visible_tender(request, tender_id)

    def _fn():
        text = participation.tender_documents_download(actor=request.user, tender=tender)
        response = HttpResponse(text, content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{tender.reference}.txt"'
        return response

    return _back(request, _detail(tender_id), _fn, "招标文件已下载")


@require_POST
@login_required
def section_register(request, section_id: int):
    section = _visible_section(request, section_id)
    return _back(request, _detail(section.tender_id),
                 lambda: participation.registration_create(actor=request.user, section=section), "报名成功")


@require_POST
@login_required
def section_retender(request, section_id: int):
    section = _visible_section(request, section_id)
    try:
        tender = tenders.tender_retender(actor=request.user, section=section)
    except GgzyError as exc:
        messages.error(request, exc.message)
        return redirect(_detail(section.tender_id))
    messages.success(request, f"已重新招标并发布：{tender.code}")
    return redirect(_detail(tender.pk))


@require_POST
@login_required
def bid_withdraw(request, bid_id: int):
    try:
        bid = selectors.own_bid(request.user, bid_id)
    except GgzyError as exc:
        raise Http404() from exc
    return _back(request, f"/trading/sections/{bid.section_id}/bid/",
                 lambda: bids.bid_retract(actor=request.user, bid=bid), "投标文件已撤回")


def _opening_url(section_id):
    return f"/trading/sections/{section_id}/opening/"


@require_POST
@login_required
def opening_objection(request, section_id: int):
    section = _visible_section(request, section_id)
    return _back(request, _opening_url(section_id), lambda: opening.opening_objection_raise(
        actor=request.user, section=section, text=request.POST.get("text", "")), "异议已记录")


@require_POST
@login_required
def opening_objection_answer(request, objection_id: int):
    row = OpeningObjection.objects.filter(pk=objection_id).first()
    if row is None:
        raise Http404()
    return _back(request, _opening_url(row.section_id), lambda: opening.opening_objection_answer(
        actor=request.user, objection=row, answer=request.POST.get("answer", "")), "答复已记录")


@require_POST
@login_required
def publicity_objection(request, section_id: int):
    section = _visible_section(request, section_id)
    return _back(request, _opening_url(section_id), lambda: award.publicity_objection_raise(
        actor=request.user, section=section, text=request.POST.get("text", "")), "异议已提交，公示暂停至答复")


@require_POST
@login_required
def publicity_objection_answer(request, objection_id: int):
    row = PublicityObjection.objects.filter(pk=objection_id).first()
    if row is None:
        raise Http404()
    return _back(request, _opening_url(row.section_id), lambda: award.publicity_objection_answer(
        actor=request.user, objection=row, answer=request.POST.get("answer", "")), "已答复")


@require_POST
@login_required
def section_award(request, section_id: int):
    section = _visible_section(request, section_id)
    bid = Bid.objects.filter(pk=request.POST.get("bid_id") or 0, section=section).first()
    if bid is None:
        raise Http404()
    return _back(request, _opening_url(section_id), lambda: award.award_decide(
        actor=request.user, section=section, bid=bid), "已定标，中标通知书已签发")


@require_POST
@login_required
def contract_sign(request, contract_id: int):
    contract = Contract.objects.filter(pk=contract_id).select_related("section").first()
    if contract is None:
        raise Http404()
    return _back(request, _detail(contract.section.tender_id),
                 lambda: award.contract_sign(actor=request.user, contract=contract), "已签署")
