"""HTML pages for evaluation: the member's phone-friendly workflow (statement, chair vote, scoring,
signing) and read-only views for the agency, buyer, operator and — after the fact — regulators."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from ggzy.core.exceptions import NotFound
from ggzy.core.legal_rules import cite
from ggzy.core.web import Button, button_view, formset_for, run_form
from ggzy.hub.experts.models import Draw
from ggzy.parties.models import User
from ggzy.parties.permissions import require_role
from ggzy.parties.roles import COMMITTEE_FORMERS, may_form_committee
from ggzy.trading.tendering.models import Section

from . import rules, selectors, services
from .forms import (
    DEFAULT_ITEMS,
    ActionForm,
    CommitteeBidFormSet,
    CommitteeForm,
    EnterForm,
    ItemFormSet,
    ReasonForm,
    ScoresForm,
    SignForm,
    VoteForm,
)
from .models import Member, ScoringItem


@login_required
def mine(request):
    return render(
        request,
        "evaluation/mine.html",
        {
            "committees": selectors.committees_for_viewer(viewer=request.user)[:50],
            "can_form": may_form_committee(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def form_committee(request):
    """Agency (or a self-tendering buyer): seat the committee from a completed draw."""
    require_role(request.user, *COMMITTEE_FORMERS)
    form = CommitteeForm(request.POST or None, initial={"draw_id": request.GET.get("draw", "")})
    items = formset_for(ItemFormSet, request, prefix="items", initial=DEFAULT_ITEMS)
    bids = formset_for(CommitteeBidFormSet, request, prefix="bids")

    def _form(data):
        draw = Draw.objects.filter(draw_id=data["draw_id"].strip()).first()
        if draw is None:
            raise NotFound("抽取编号不存在", code="draw_not_found")
        reps = list(User.objects.filter(username__in=data["buyer_reps"], entity__uscc=draw.buyer_uscc))
        return services.committee_form(
            actor=request.user,
            section=Section.objects.filter(code=draw.section_ref).first(),
            section_ref=draw.section_ref,
            procurement=data["procurement"],
            method=data["method"],
            budget=data["budget"] or 0,
            starts_at=data["starts_at"] or draw.evaluation_at,
            buyer_uscc=draw.buyer_uscc,
            agency_uscc=draw.agency_uscc,
            buyer_reps=reps,
            draw=draw,
            items=[
                {
                    "code": r["code"],
                    "name": r["name"],
                    "kind": r["kind"],
                    "weight": r["weight"],
                    "maxPoints": r["max_points"],
                }
                for r in data["items"]
            ],
            bids=[
                {"bidderUscc": row["bidder_uscc"], "bidderName": row["bidder_name"], "price": row["price"]}
                for row in data["bids"]
            ],
        )

    return run_form(
        request,
        form,
        _form,
        formsets={"items": items, "bids": bids},
        template="evaluation/form.html",
        success_url=lambda c: reverse("evaluation:committee", kwargs={"committee_id": c.pk}),
        success_message="评标委员会已组建。",
    )


@login_required
def committee(request, committee_id: int):
    c, member = selectors.committee_for_viewer(viewer=request.user, committee_id=committee_id)
    summary = selectors.committee_summary(viewer=request.user, committee=c, member=member)
    active = member is not None and member.status == Member.Status.ACTIVE
    items = [i for i in c.items.all() if i.kind != ScoringItem.Kind.PRICE]
    return render(
        request,
        "evaluation/committee.html",
        {
            "c": c,
            "s": summary,
            "member": member,
            "active": active,
            # The pages ask predicates shared with the services (rules.py, services.chair_election_open):
            # no status strings in the template.
            "replaced": member is not None and rules.member_replaced(member.status),
            "members": [
                {**m, "replaced": rules.member_replaced(m["status"])} for m in summary.get("members", [])
            ],
            "can_vote": active and member.statement_signed_at and services.chair_election_open(c),
            "can_score": rules.may_score(member, c),
            "can_disqualify": rules.may_disqualify(member, c),
            "can_report": rules.may_prepare_report(member, c),
            "can_sign": rules.may_sign_report(member, c),
            "score_items": items,
            "score_bids": c.bids.filter(disqualified=False),
            "candidates": c.members.filter(status=Member.Status.ACTIVE, statement_signed_at__isnull=False),
            "price_rule": cite("87号令55"),
        },
    )


def _scoring_form(post, c) -> ScoresForm:
    items = [i for i in c.items.all() if i.kind != ScoringItem.Kind.PRICE]
    return ScoresForm(post, bids=c.bids.filter(disqualified=False), items=items)


def _disqualify(*, committee, bid_id: int, **kwargs):
    bid = committee.bids.filter(pk=bid_id).first()
    if bid is None:
        raise NotFound()
    return services.bid_disqualify(committee=committee, bid=bid, **kwargs)


def _entered(member) -> str:
    return "已申请回避，您的席位将重新抽取。" if rules.member_replaced(member.status) else "已签署回避声明。"


# The buttons on a committee's page (the member's workflow): form, service (``committee=`` and the form's
# fields), what is said after.
COMMITTEE_ACTIONS = {
    "enter": Button(EnterForm, services.member_enter, _entered),
    "vote": Button(lambda post, c: VoteForm(post, candidates=c.members.all()), services.chair_vote),
    "scores": Button(_scoring_form, services.score_submit, "评分已提交。"),
    "disqualify": Button(ReasonForm, _disqualify),
    "report": Button(ActionForm, services.report_prepare),
    "sign": Button(SignForm, services.report_sign, "已签署评标报告。"),
}
committee_action = button_view(
    COMMITTEE_ACTIONS,
    lambda request, committee_id: selectors.committee_for_viewer(
        viewer=request.user, committee_id=committee_id
    )[0],
    target="committee_id",
    back=lambda c, result: reverse("evaluation:committee", kwargs={"committee_id": c.pk}),
)
