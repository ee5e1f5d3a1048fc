"""POST actions behind the tendering pages: each calls one service and redirects back with a message."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from ggzy.core.exceptions import GgzyError
from ggzy.core.web import Button, button_view, formset_for, run_form
from ggzy.parties.roles import Role

from . import selectors
from .forms import (
    ActionForm,
    AwardForm,
    ClarificationForm,
    ObjectionAnswerForm,
    ObjectionForm,
    QuestionAnswerForm,
    QuestionForm,
    SectionFormSet,
    TenderForm,
    TerminateForm,
)
from .models import Contract, OpeningObjection, PublicityObjection, Question
from .services import award, bids, opening, participation, tenders, transitions
from .services.tenders import SectionInput, TenderInput
from .views import _visible_section, _visible_tender


def _writable_tender(request, tender_id):
    """The explicit step before a write: due transitions applied, then the visibility check."""
    transitions.tender_apply_due(tender_id=_visible_tender(request, tender_id).pk)
    return _visible_tender(request, tender_id)


def _writable_section(request, section_id):
    transitions.tender_apply_due(tender_id=_visible_section(request, section_id).tender_id)
    return _visible_section(request, section_id)


def _act(request, form, action, *, back: str, success: str | None = None):
    """A tendering-page button: one service call, then back to the page (refusals flashed there)."""
    return run_form(request, form, action, success_url=back, success_message=success)


@login_required
def tender_new(request):
    """The draft form (``TenderIn``): the tender's fields and its sections as repeatable rows."""
    if request.user.role not in (Role.BUYER, Role.AGENCY):
        raise PermissionDenied("仅招标人或招标代理机构可创建项目")
    own_uscc = request.user.entity.uscc if request.user.entity_id else ""
    form = TenderForm(request.POST or None, initial={"buyer": own_uscc}, auto_id="f-%s")
    sections = formset_for(SectionFormSet, request, prefix="sections")

    def _create(data):
        rows = [
            SectionInput(
                title=r["title"], estimated_amount=r["estimated_price"], ceiling_amount=r["ceiling_price"]
            )
            for r in data["sections"]
        ]
        fields = {k: data[k] for k in TENDER_FIELDS}
        return tenders.tender_create(
            actor=request.user,
            data=TenderInput(procedure_type=data["procedure_type"].code, sections=rows, **fields),
        )

    return run_form(
        request,
        form,
        _create,
        formsets={"sections": sections},
        template="tendering/new.html",
        success_url=lambda tender: _detail(tender.pk),
        success_message=lambda tender: (
            f"已创建招标项目草稿 {tender.reference}（发布时分配项目编号），请核对后发布"
        ),
    )


TENDER_FIELDS = (
    "catalogue_code",
    "title",
    "buyer",
    "district",
    "tender_period_end",
    "opening_at",
    "opening_window_minutes",
    "state_funded",
    "invited_bidders",
    "description",
)


def _detail(tender_id) -> str:
    return reverse("tendering:detail", kwargs={"tender_id": tender_id})


def _opening_url(section_id) -> str:
    return reverse("tendering:opening", kwargs={"section_id": section_id})


def _tender_detail(tender, result=None) -> str:
    return _detail(tender.pk)


# The buttons on a tender's page: form, service (``tender=`` and the form's fields), what is said after.
TENDER_ACTIONS = {
    "publish": Button(ActionForm, tenders.tender_publish, "已发布，招标公告已推送至信息公开"),
    "terminate": Button(TerminateForm, tenders.tender_terminate, "已终止并发布终止公告"),
    "clarify": Button(ClarificationForm, participation.clarification_issue, "澄清已发布"),
    "ask": Button(QuestionForm, participation.question_ask, "问题已提交（招标人看不到提问单位）"),
}
tender_action = button_view(TENDER_ACTIONS, _writable_tender, target="tender_id", back=_tender_detail)


@require_POST
@login_required
def question_answer(request, question_id: int):
    q = Question.objects.filter(pk=question_id).first()
    if q is None:
        raise Http404()
    return _act(
        request,
        QuestionAnswerForm(request.POST),
        lambda data: participation.question_answer(
            actor=request.user, question=q, answer=data["answer"], new_deadline=data["new_deadline"]
        ),
        back=_detail(q.tender_id),
        success="已答复并以澄清公告发布",
    )


@login_required
@require_http_methods(["GET", "POST"])
def documents_download(request, tender_id: int):
    """The download is logged (who, when): only the tender page's button (a POST) records and serves the file;
    a GET of this address writes nothing and goes back to the tender page, where the button is."""
    tender = _visible_tender(request, tender_id)
    if request.method != "POST":
        return redirect(_detail(tender_id))

    def _download(data):
        text = participation.tender_documents_download(actor=request.user, tender=tender)
        response = HttpResponse(text, content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{tender.reference}.txt"'
        return response

    return _act(request, ActionForm(request.POST), _download, back=_detail(tender_id))


@require_POST
@login_required
def bid_withdraw(request, bid_id: int):
    try:
        bid = selectors.own_bid(request.user, bid_id)
    except GgzyError as exc:
        raise Http404() from exc
    return _act(
        request,
        ActionForm(request.POST),
        lambda data: bids.bid_retract(actor=request.user, bid=bid),
        back=reverse("tendering:bid", kwargs={"section_id": bid.section_id}),
        success="投标文件已撤回",
    )


# Answering the two objection kinds on the opening page (开标异议 条例44, 公示异议 条例54).
OBJECTION_ANSWERS = {
    "opening": (OpeningObjection, opening.opening_objection_answer, "答复已记录"),
    "publicity": (PublicityObjection, award.publicity_objection_answer, "已答复"),
}


@require_POST
@login_required
def objection_answer(request, objection_id: int, kind: str):
    model, answer_service, success = OBJECTION_ANSWERS[kind]
    row = model.objects.filter(pk=objection_id).first()
    if row is None:
        raise Http404()
    return _act(
        request,
        ObjectionAnswerForm(request.POST),
        lambda data: answer_service(actor=request.user, objection=row, answer=data["answer"]),
        back=_opening_url(row.section_id),
        success=success,
    )


def _section_detail(section, result=None) -> str:
    return _detail(section.tender_id)


def _section_opening(section, result=None) -> str:
    return _opening_url(section.pk)


def _award(*, bid_id, **kwargs):
    return award.award_decide(bid=bid_id, **kwargs)


# The buttons on a section: form, service (``section=`` and the form's fields), what is said after, and where
# to go after when not back to the opening page (registration and re-tendering are on the tender's page).
SECTION_ACTIONS = {
    "register": Button(ActionForm, participation.registration_create, "报名成功", _section_detail),
    "retender": Button(
        ActionForm,
        tenders.tender_retender,
        lambda tender: f"已重新招标并发布：{tender.code}",
        lambda section, tender: _detail(tender.pk if tender else section.tender_id),
    ),
    "objection": Button(ObjectionForm, opening.opening_objection_raise, "异议已记录"),
    "publicity_objection": Button(
        ObjectionForm, award.publicity_objection_raise, "异议已提交，公示暂停至答复"
    ),
    "award": Button(
        lambda post, section: AwardForm(post, section=section), _award, "已定标，中标通知书已签发"
    ),
}
section_action = button_view(SECTION_ACTIONS, _writable_section, target="section_id", back=_section_opening)


@require_POST
@login_required
def contract_sign(request, contract_id: int):
    contract = Contract.objects.filter(pk=contract_id).select_related("section").first()
    if contract is None:
        raise Http404()
    return _act(
        request,
        ActionForm(request.POST),
        lambda data: award.contract_sign(actor=request.user, contract=contract),
        back=_detail(contract.section.tender_id),
        success="已签署",
    )
