"""HTML pages for evaluation: the member's phone-friendly workflow (statement, chair vote, scoring,
signing) and read-only views for the agency, buyer, operator and — after the fact — regulators."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ggzy.core.exceptions import GgzyError, InvalidInput, NotAuthenticated, NotFound
from ggzy.parties.permissions import require_login

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
    return render(request, "evaluation/mine.html",
                  {"committees": selectors.committees_for_member(viewer=request.user)[:50]})


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
        "signed": active and hasattr(member, "signature"),
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
