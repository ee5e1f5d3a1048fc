"""Reads that depend on who asks (sealed data, download logs, questions) — and never show stale states.

Reads never write (docs/adr/0003-no-writes-on-read.md). A section whose deadline has passed but whose
transition the worker has not applied yet is *shown* in its due state, computed by ``section_due_status``;
the transition itself is written by the worker or by the explicit step every write takes first
(``services.transitions.section_apply_due`` / ``tender_apply_due``).
"""

from __future__ import annotations

import copy

from django.db.models import QuerySet

from ggzy.catalog.selectors import entries_supervised_by
from ggzy.core import clock
from ggzy.core.codes import clean_reference
from ggzy.core.exceptions import Forbidden, NotFound
from ggzy.parties.roles import Role

from .models import Bid, DocumentDownload, ProcedureType, Question, Registration, Section, Tender
from .services.common import is_manager
from .states import BidStatus, SectionStatus, TenderStatus

OVERSIGHT_ROLES = (Role.OPERATOR, Role.REGULATOR, Role.ADMIN)
REVEALED_BID_STATUSES = (BidStatus.DECRYPTED, BidStatus.REVOKED, BidStatus.WITHDRAWN)


def section_due_status(section: Section, *, now=None) -> str:
    """The status ``section`` has at ``now`` once its due transitions are applied — computed, never written.
    Mirrors ``services.transitions.section_apply_due`` (which writes it)."""
    now = now or clock.now()
    status = section.status
    if section.next_check_at is None or section.next_check_at > now:
        return status
    tender = section.tender
    if status == SectionStatus.BIDDING and now >= tender.tender_period_end:
        submitted = section.bids.filter(status=BidStatus.SUBMITTED).count()
        if submitted < tender.procedure_type.min_bidders:
            return SectionStatus.FAILED
        status = SectionStatus.OPENING
    if status == SectionStatus.OPENING and now >= section.opening_window_end:
        return SectionStatus.OPENED
    if status == SectionStatus.PUBLICITY and section.publicity_end and now >= section.publicity_end:
        return SectionStatus.AWARD_PENDING
    return status


def section_as_due(section: Section) -> Section:
    """A copy of ``section`` carrying its due status, for display only (never saved, never given to a service)."""
    shown = copy.copy(section)
    shown.status = section_due_status(section)
    return shown


def procedure_types() -> QuerySet[ProcedureType]:
    return ProcedureType.objects.filter(active=True)


def _role(actor) -> str | None:
    return getattr(actor, "role", None) if getattr(actor, "is_authenticated", False) else None


def tender_visible(actor, tender_id: int) -> Tender:
    """Published tenders for everyone; drafts only for their buyer/agency (others: 404)."""
    tender = (
        Tender.objects.select_related("procedure_type", "buyer", "agency", "project")
        .filter(pk=tender_id)
        .first()
    )
    if tender is None:
        raise NotFound()
    if tender.status == TenderStatus.DRAFT and not is_manager(actor, tender):
        raise NotFound()
    return tender


def section_visible(actor, section_id: int) -> Section:
    section = Section.objects.filter(pk=section_id).only("tender_id").first()
    if section is None:
        raise NotFound()
    tender_visible(actor, section.tender_id)
    return Section.objects.select_related("tender", "tender__procedure_type", "tender__buyer").get(
        pk=section_id
    )


def tenders_published(*, actor=None) -> QuerySet[Tender]:
    return (
        Tender.objects.filter(status__in=[TenderStatus.PUBLISHED, TenderStatus.TERMINATED])
        .select_related("procedure_type", "buyer")
        .order_by("-published_at", "-id")
    )


def tenders_managed(actor) -> QuerySet[Tender]:
    if _role(actor) == Role.BUYER:
        return Tender.objects.filter(buyer_id=actor.entity_id).select_related("procedure_type", "buyer")
    if _role(actor) == Role.AGENCY:
        return Tender.objects.filter(agency_id=actor.entity_id).select_related("procedure_type", "buyer")
    return Tender.objects.none()


def deadline_passed(tender: Tender) -> bool:
    return clock.now() >= tender.tender_period_end


def supervises(actor, tender: Tender) -> bool:
    """A regulator (行业主管部门) oversees only the tenders of the catalogue categories it is bound to
    (``CatalogueEntry.regulators`` of the current catalogue); other roles are not limited by category."""
    if _role(actor) != Role.REGULATOR:
        return True
    if actor.entity_id is None:
        return False
    code = clean_reference(tender.catalogue_code).upper()
    return entries_supervised_by(actor.entity).filter(code=code).exists()


def _require_supervising(actor, tender: Tender) -> None:
    if not supervises(actor, tender):
        raise Forbidden(
            "该项目不属于本部门监管的交易目录",
            code="outside_supervision",
            details={"catalogueCode": tender.catalogue_code},
        )


def _require_after_deadline_oversight(actor, tender: Tender) -> None:
    """Who downloaded / registered is hidden from everyone, the buyer included, until the deadline
    (20号令 Art.21; 87号令 Art.28); afterwards the buyer side and oversight roles may see it — a regulator
    only for the catalogue categories it supervises."""
    if not deadline_passed(tender):
        raise Forbidden("投标截止前不公开报名和下载情况", code="hidden_until_deadline")
    if not (is_manager(actor, tender) or _role(actor) in OVERSIGHT_ROLES):
        raise Forbidden(code="role_forbidden")
    _require_supervising(actor, tender)


def download_log(actor, tender: Tender) -> QuerySet[DocumentDownload]:
    _require_after_deadline_oversight(actor, tender)
    return tender.downloads.select_related("entity").order_by("at", "id")


def registrations(actor, tender: Tender) -> QuerySet[Registration]:
    _require_after_deadline_oversight(actor, tender)
    return (
        Registration.objects.filter(section__tender=tender).select_related("entity", "section").order_by("id")
    )


def my_registrations(actor, tender: Tender) -> set[int]:
    if _role(actor) != Role.BIDDER or actor.entity_id is None:
        return set()
    return set(
        Registration.objects.filter(section__tender=tender, entity_id=actor.entity_id).values_list(
            "section_id", flat=True
        )
    )


def my_bids(actor, section: Section) -> QuerySet[Bid]:
    if _role(actor) != Role.BIDDER or actor.entity_id is None:
        return Bid.objects.none()
    return section.bids.filter(bidder_id=actor.entity_id).order_by("-received_at")


def own_bid(actor, bid_id: int) -> Bid:
    bid = Bid.objects.select_related("section", "section__tender").filter(pk=bid_id).first()
    if bid is None or _role(actor) != Role.BIDDER or bid.bidder_id != actor.entity_id:
        raise NotFound()
    return bid


def questions_for(actor, tender: Tender) -> list[dict]:
    """Managers see every question without the asker (anonymous to the buyer); a bidder sees its own."""
    if is_manager(actor, tender):
        qs = tender.questions.all()
    elif _role(actor) == Role.BIDDER and actor.entity_id:
        qs = tender.questions.filter(asker_id=actor.entity_id)
    else:
        raise Forbidden(code="role_forbidden")
    return [question_dict(q) for q in qs.order_by("id")]


def question_dict(q: Question) -> dict:
    return {
        "id": q.pk,
        "text": q.text,
        "askedAt": q.asked_at.isoformat(),
        "answer": q.answer or None,
        "answeredAt": q.answered_at.isoformat() if q.answered_at else None,
        "clarification": q.clarification_id,
    }


def is_revealed(section: Section) -> bool:
    return section.revealed_at is not None


def opening_bids(section: Section) -> list[Bid]:
    """Bids shown at the opening: only once revealed (all at once), else nothing."""
    if not is_revealed(section):
        return []
    return list(
        section.bids.filter(status__in=REVEALED_BID_STATUSES)
        .select_related("bidder")
        .order_by("received_at", "id")
    )


def may_read_fingerprints(actor, section: Section) -> bool:
    """The predicate pages ask before showing fingerprints (same rule as ``bid_fingerprints``)."""
    return (
        _role(actor) in (Role.REGULATOR, Role.ADMIN)
        and deadline_passed(section.tender)
        and supervises(actor, section.tender)
    )


def bid_fingerprints(actor, section: Section) -> list[dict]:
    """Supervision-only submission fingerprints (redflags.md §1); admins and the regulators of the section's
    catalogue category, after the deadline."""
    if _role(actor) not in (Role.REGULATOR, Role.ADMIN):
        raise Forbidden(code="role_forbidden")
    if not deadline_passed(section.tender):
        raise Forbidden("投标截止前不提供投标信息", code="hidden_until_deadline")
    _require_supervising(actor, section.tender)
    return [
        {
            "bidId": b.pk,
            "bidder": b.bidder.uscc,
            "submission": b.fingerprint,
            "receivedAt": b.received_at.isoformat(),
        }
        for b in section.bids.exclude(status=BidStatus.RETRACTED).select_related("bidder")
    ]


def awaiting_my_key(actor, section: Section) -> Bid | None:
    if section_due_status(section) != SectionStatus.OPENING:
        return None
    return my_bids(actor, section).filter(status=BidStatus.SUBMITTED).first()
