"""HTML pages for evaluation: the member's phone-friendly workflow (statement, chair vote, scoring,
signing) and read-only views for the agency, buyer, operator and — after the fact — regulators."""

from __future__ import annotations

import datetime as dt
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from ggzy.core import clock
from ggzy.core.exceptions import GgzyError, InvalidInput, NotAuthenticated, NotFound
from ggzy.core.legal_rules import cite
from ggzy.parties.permissions import require_login, require_role
from ggzy.parties.roles import Role

from . import selectors, services
from .models import Member, ScoringItem


def refusals_as_pages(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            require_login(request.user)
            return view(request, *args, **kwargs)
        except NotAuthenticated:
            return redirect_to_login(request.get_full_path())
        except InvalidInput as exc:
            if request.method == "POST" and "committee_id" in kwargs:
                messages.error(request, f"{exc.message}（{exc.code}）")
                return redirect("evaluation:committee", committee_id=kwargs["committee_id"])
            return render(request, "evaluation/refused.html", {"error": exc}, status=exc.status)
        except GgzyError as exc:
            return render(request, "evaluation/refused.html", {"error": exc}, status=exc.status)

    return wrapper


@refusals_as_pages
def mine(request):
    return render(request, "evaluation/mine.html", {
        "committees": selectors.committees_for_viewer(viewer=request.user)[:50],
        "can_form": request.user.role in (Role.AGENCY, Role.BUYER)})


def _rows(text: str, names: tuple[str, ...]) -> list[dict]:
    rows = []
    for line in text.splitlines():
        parts = [p.strip() for p in line.replace("，", ",").split(",")]
        if any(parts):
            rows.append(dict(zip(names, parts, strict=False)))
    return rows


@refusals_as_pages
@require_http_methods(["GET", "POST"])
def form_committee(request):
    """Agency (or a self-tendering buyer): seat the committee from a completed draw."""
    require_role(request.user, Role.AGENCY, Role.BUYER)
    if request.method == "POST":
        from ggzy.hub.experts.models import Draw
        from ggzy.parties.models import User
        from ggzy.trading.tendering.models import Section

        p = request.POST
        draw = Draw.objects.filter(draw_id=p.get("draw_id", "")).first()
        if draw is None:
            raise NotFound("抽取编号不存在", code="draw_not_found")
        try:
            starts_at = dt.datetime.fromisoformat(p.get("starts_at", "")).replace(tzinfo=clock.SHANGHAI)
        except ValueError:
            starts_at = draw.evaluation_at
        reps = list(User.objects.filter(username__in=p.get("buyer_reps", "").split(), entity__uscc=draw.buyer_uscc))
        try:
            c = services.committee_form(
                actor=request.user, section=Section.objects.filter(code=draw.section_ref).first(),
                section_ref=draw.section_ref, procurement=p.get("procurement", ""), method=p.get("method", ""),
                budget=p.get("budget") or "0", starts_at=starts_at, buyer_uscc=draw.buyer_uscc,
                agency_uscc=draw.agency_uscc, buyer_reps=reps, draw=draw,
                items=_rows(p.get("items", ""), ("code", "name", "kind", "weight", "maxPoints")),
                bids=_rows(p.get("bids", ""), ("bidderUscc", "bidderName", "price")))
        except InvalidInput as exc:
            messages.error(request, f"{exc.message}（{exc.code}）")
            return redirect(f"/evaluation/new/?draw={draw.draw_id}")
        messages.success(request, "评标委员会已组建。")
        return redirect("evaluation:committee", committee_id=c.pk)
    return render(request, "evaluation/form.html", {"draw_id": request.GET.get("draw", "")})


@refusals_as_pages
def committee(request, committee_id: int):
    c, member = selectors.committee_for_viewer(viewer=request.user, committee_id=committee_id)
    summary = selectors.committee_summary(viewer=request.user, committee=c, member=member)
    active = member is not None and member.status == Member.Status.ACTIVE
    items = [i for i in c.items.all() if i.kind != ScoringItem.Kind.PRICE]
    return render(request, "evaluation/committee.html", {
        "c": c, "s": summary, "member": member, "active": active,
        "can_score": active and c.status == "scoring" and member.statement_signed_at
        and not hasattr(member, "submission"),
        "score_items": items, "score_bids": c.bids.filter(disqualified=False),
        "candidates": c.members.filter(status=Member.Status.ACTIVE, statement_signed_at__isnull=False),
        "signed": active and hasattr(member, "signature"), "price_rule": cite("87号令55"),
    })


def _committee(request, committee_id):
    c, _ = selectors.committee_for_viewer(viewer=request.user, committee_id=committee_id)
    return c


def _back(committee_id):
    return redirect("evaluation:committee", committee_id=committee_id)


@refusals_as_pages
@require_POST
def enter(request, committee_id: int):
    services.member_enter(actor=request.user, committee=_committee(request, committee_id),
                          conflict=request.POST.get("conflict", ""))
    messages.success(request, "已签署回避声明。" if not request.POST.get("conflict") else "已申请回避，您的席位将重新抽取。")
    return _back(committee_id)


@refusals_as_pages
@require_POST
def vote(request, committee_id: int):
    c = _committee(request, committee_id)
    candidate = c.members.filter(pk=request.POST.get("candidate") or 0).first()
    if candidate is None:
        raise NotFound()
    services.chair_vote(actor=request.user, committee=c, candidate=candidate)
    return _back(committee_id)


@refusals_as_pages
@require_POST
def scores(request, committee_id: int):
    c = _committee(request, committee_id)
    given: dict[str, dict[str, str]] = {}
    comments: dict[str, dict[str, str]] = {}
    for key, value in request.POST.items():
        kind, _, rest = key.partition("-")
        bid, _, item = rest.partition("-")
        if kind == "s":
            given.setdefault(bid, {})[item] = value.strip()
        elif kind == "c":
            comments.setdefault(bid, {})[item] = value.strip()
    services.score_submit(actor=request.user, committee=c, scores=given, comments=comments)
    messages.success(request, "评分已提交。")
    return _back(committee_id)


@refusals_as_pages
@require_POST
def disqualify(request, committee_id: int, bid_id: int):
    c = _committee(request, committee_id)
    bid = c.bids.filter(pk=bid_id).first()
    if bid is None:
        raise NotFound()
    services.bid_disqualify(actor=request.user, committee=c, bid=bid, reason=request.POST.get("reason", ""))
    return _back(committee_id)


@refusals_as_pages
@require_POST
def report(request, committee_id: int):
    services.report_prepare(actor=request.user, committee=_committee(request, committee_id))
    return _back(committee_id)


@refusals_as_pages
@require_POST
def sign(request, committee_id: int):
    services.report_sign(actor=request.user, committee=_committee(request, committee_id),
                         dissent=request.POST.get("dissent", ""))
    messages.success(request, "已签署评标报告。")
    return _back(committee_id)
