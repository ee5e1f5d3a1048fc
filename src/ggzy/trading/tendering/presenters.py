"""JSON shapes of the trading API (sealed-bids spec §5). Only what the selectors allowed goes in."""

from __future__ import annotations

from ggzy.core import calendar, clock

from .models import Bid, ProcedureType, Section, Tender
from .selectors import is_revealed, opening_bids, section_as_due
from .services.common import is_manager


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _money(amount, currency: str = "CNY") -> dict | None:
    return None if amount is None else {"amount": float(amount), "currency": currency or "CNY"}


def procedure_type_dict(p: ProcedureType) -> dict:
    return {
        "code": p.code,
        "name": p.name,
        "sector": p.sector,
        "invited": p.invited,
        "noticeKind": p.notice_kind,
        "tradingMethod": p.trading_method,
        "minBidDays": p.min_bid_days,
        "bidDaysWorking": p.bid_days_working,
        "saleDays": p.sale_days,
        "saleDaysWorking": p.sale_days_working,
        "clarificationLeadDays": p.clarification_lead_days,
        "objectionLeadDays": p.objection_lead_days,
        "minBidders": p.min_bidders,
        "depositCapPercent": str(p.deposit_cap_percent),
        "prequalification": p.prequalification,
        "evaluationMethods": p.evaluation_methods,
        "maxCandidates": p.max_candidates,
        "publicityDays": p.publicity_days,
        "publicityWorking": p.publicity_working,
        "contractDays": p.contract_days,
        "legalBasis": p.basis_texts(),
        "legalRuleIds": {
            field: value for field, value in p.legal_basis.items() if p.rule_for(field) is not None
        },
    }


def section_dict(s: Section) -> dict:
    s = section_as_due(s)  # the due state, shown without writing it
    return {
        "id": s.pk,
        "code": s.code,
        "number": s.number,
        "title": s.title,
        "status": s.status,
        "statusLabel": s.get_status_display(),
        "estimatedPrice": _money(s.estimated_amount, s.currency),
        "ceilingPrice": _money(s.ceiling_amount, s.currency),
        "revealedAt": _iso(s.revealed_at),
        "failureReason": s.failure_reason or None,
        "publicityStart": _iso(s.publicity_start),
        "publicityEnd": _iso(s.publicity_end),
    }


def tender_dict(t: Tender, viewer=None) -> dict:
    """``invitedBidders`` only for the buyer side: an invitation list would name likely bidders before
    the deadline; an invited entity learns it from ``invited`` (true/false for itself)."""
    entity_id = getattr(viewer, "entity_id", None) if getattr(viewer, "is_authenticated", False) else None
    invited_me = (
        bool(entity_id)
        and t.procedure_type.invited
        and getattr(viewer.entity, "uscc", None) in t.invited_bidders
    )
    return {
        "id": t.pk,
        "code": t.code,
        "projectCode": t.project.code,
        "draftRef": t.draft_ref,
        "title": t.title,
        "status": t.status,
        "stateFunded": t.state_funded,
        "procedureType": t.procedure_type.code,
        "catalogueCode": t.catalogue_code,
        "district": t.district,
        "buyer": {"id": t.buyer.uscc, "name": t.buyer.name},
        "agency": {"id": t.agency.uscc, "name": t.agency.name} if t.agency_id else None,
        "publishedAt": _iso(t.published_at),
        "tenderPeriod": {
            "startDate": _iso(t.published_at),
            "endDate": _iso(t.tender_period_end),
            "isEstimated": t.deadline_is_estimated,
        },
        "documentsUntil": _iso(t.documents_until),
        "openingAt": _iso(t.opening_at),
        "openingWindowMinutes": t.opening_window_minutes,
        "invitedBidders": t.invited_bidders if t.procedure_type.invited and is_manager(viewer, t) else [],
        "invited": invited_me,
        "previous": t.previous_id,
        "sections": [section_dict(s) for s in t.sections.order_by("number")],
        "clarifications": [
            {
                "number": c.number,
                "body": c.body,
                "issuedAt": _iso(c.issued_at),
                "newDeadline": _iso(c.new_deadline),
            }
            for c in t.clarifications.all()
        ],
        "serverTime": clock.now().isoformat(),
    }


def opening_bid_dict(b: Bid) -> dict:
    return {
        "id": b.pk,
        "bidder": {"id": b.bidder.uscc, "name": b.bidder.name},
        "status": b.status,
        "statusLabel": b.get_status_display(),
        "price": _money(b.price_amount, b.price_currency) if b.status == "decrypted" else None,
        "declared": b.declared if b.status == "decrypted" else {},
        "failure": b.failure_code or None,
    }


def opening_dict(section: Section) -> dict:
    revealed = is_revealed(section)
    return {
        "sectionId": section.pk,
        "status": section_as_due(section).status,
        "revealed": revealed,
        "openingAt": _iso(section.tender.opening_at),
        "windowEnd": _iso(section.opening_window_end),
        "revealedAt": _iso(section.revealed_at),
        "bids": [opening_bid_dict(b) for b in opening_bids(section)],
        "objections": [
            {
                "id": o.pk,
                "text": o.text,
                "raisedAt": _iso(o.raised_at),
                "answer": o.answer or None,
                "answeredAt": _iso(o.answered_at),
            }
            for o in section.opening_objections.all()
        ]
        if revealed
        else [],
    }


def own_bid_dict(b: Bid) -> dict:
    return {
        "id": b.pk,
        "sectionId": b.section_id,
        "status": b.status,
        "receivedAt": _iso(b.received_at),
        "envelopeSha256": b.envelope_sha256,
        "receipt": b.receipt,
        "size": b.envelope_size,
    }


def counted_date_dict(value: calendar.CountedDate) -> dict:
    return {"date": value.date.isoformat(), "isEstimated": value.is_estimated}
