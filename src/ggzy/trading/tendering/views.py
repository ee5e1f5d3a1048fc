"""HTML pages of the 综合交易系统 (tendering). Views parse input, call a selector/service, render.

Bidders seal and open bids in the browser with ``ggzy/bidder/bidder.js`` (data- hooks); plaintext
never reaches these views.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render

from ggzy.core import clock
from ggzy.core.exceptions import Forbidden, NotFound
from ggzy.parties.roles import Role

from . import deadlines, rules, selectors
from .conf import bid_max_bytes
from .models import Contract, Section
from .services.common import is_manager
from .services.participation import clarification_proposal
from .states import SectionStatus


def _visible_tender(request, tender_id):
    try:
        return selectors.tender_visible(request.user, tender_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _visible_section(request, section_id):
    try:
        return selectors.section_visible(request.user, section_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def tender_list(request):
    return render(request, "tendering/list.html", {"tenders": selectors.tenders_published()[:100]})


@login_required
def my_tenders(request):
    user = request.user
    ctx = {
        "managed": selectors.tenders_managed(user)[:200],
        "is_manager_role": user.role in (Role.BUYER, Role.AGENCY),
    }
    if user.role == Role.BIDDER and user.entity_id:
        ctx["registrations"] = (
            selectors.Registration.objects.filter(entity_id=user.entity_id)
            .select_related("section", "section__tender")
            .order_by("-id")[:200]
        )
    return render(request, "tendering/mine.html", ctx)


def _oversight(request, tender) -> dict:
    """Download log / registrations / fingerprints: only after the deadline, only for those allowed."""
    out = {}
    if not selectors.deadline_passed(tender):
        return out
    try:
        out["downloads"] = list(selectors.download_log(request.user, tender))
        out["registrations"] = list(selectors.registrations(request.user, tender))
    except Forbidden:
        pass
    return out


def tender_detail(request, tender_id: int):
    tender = _visible_tender(request, tender_id)
    user = request.user
    manager = is_manager(user, tender)
    sections = [selectors.section_as_due(s) for s in tender.sections.order_by("number")]
    ctx = {
        "tender": tender,
        "sections": sections,
        "manager": manager,
        "is_bidder": getattr(user, "role", None) == Role.BIDDER and user.is_authenticated,
        "registered": selectors.my_registrations(user, tender),
        "clarifications": tender.clarifications.all(),
        "now": clock.now(),
        "deadline_passed": selectors.deadline_passed(tender),
        "read_only": getattr(user, "role", None) in selectors.OVERSIGHT_ROLES,
        **_oversight(request, tender),
    }
    if manager:
        ctx["questions"] = selectors.questions_for(user, tender)
        if rules.tender_publishable(tender):
            ctx["earliest"] = deadlines.earliest_bid_deadline(tender.procedure_type, clock.now())
        elif not ctx["deadline_passed"]:
            ctx["proposal"] = clarification_proposal(tender=tender)
        ctx["contracts"] = Contract.objects.filter(section__tender=tender).select_related("section")
    elif ctx["is_bidder"] and user.entity_id and ctx["registered"]:
        ctx["questions"] = selectors.questions_for(user, tender)
        ctx["contracts"] = Contract.objects.filter(
            section__tender=tender, award__bid__bidder_id=user.entity_id
        ).select_related("section")
    return render(request, "tendering/detail.html", ctx)


@login_required
def section_bid(request, section_id: int):
    section = selectors.section_as_due(_visible_section(request, section_id))  # shown in its due state
    if request.user.role != Role.BIDDER:
        raise PermissionDenied("仅投标人可递交投标文件")
    registered = section.pk in selectors.my_registrations(request.user, section.tender)
    return render(
        request,
        "tendering/bid.html",
        {
            "section": section,
            "tender": section.tender,
            "registered": registered,
            "bids": selectors.my_bids(request.user, section),
            "open": rules.bidding_open(section, status=section.status, now=clock.now()),
            "max_bytes": bid_max_bytes(),
            "uscc": request.user.entity.uscc if request.user.entity_id else "",
        },
    )


def section_opening(request, section_id: int):
    section = selectors.section_as_due(_visible_section(request, section_id))  # shown in its due state
    user = request.user
    now = clock.now()
    is_bidder = bool(
        getattr(user, "role", None) == Role.BIDDER
        and user.entity_id
        and section.bids.filter(bidder_id=user.entity_id).exclude(status="retracted").exists()
    )
    ctx = {
        "section": section,
        "tender": section.tender,
        "revealed": selectors.is_revealed(section),
        "bids": selectors.opening_bids(section),
        "manager": is_manager(user, section.tender),
        "my_bid": selectors.awaiting_my_key(user, section) if user.is_authenticated else None,
        # The same predicates the services enforce (rules.py): the page offers only what would be accepted.
        "window_open": rules.key_window_open(section, status=section.status, now=now),
        "objections": section.opening_objections.all() if selectors.is_revealed(section) else [],
        "can_object": is_bidder and rules.opening_objection_open(section, status=section.status, now=now),
        # 条例54: objections to the candidates during the publicity (a pending one pauses it; more may follow).
        "can_object_publicity": is_bidder
        and rules.publicity_objection_open(section, status=section.status, now=now),
        "candidates": section.candidates.select_related("bid__bidder"),
        "award_pending": section.status == SectionStatus.AWARD_PENDING,
        "not_revealed": section.status == SectionStatus.OPENING and not selectors.is_revealed(section),
    }
    if selectors.may_read_fingerprints(user, section):
        ctx["fingerprints"] = selectors.bid_fingerprints(user, section)
    return render(request, "tendering/opening.html", ctx)


def section_or_404(section_id: int) -> Section:
    section = Section.objects.filter(pk=section_id).select_related("tender").first()
    if section is None:
        raise Http404()
    return section
