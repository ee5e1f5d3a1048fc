"""Predicates shared by the services (which enforce them) and the pages (which offer the action only when
the service would accept it), so a page and its rule cannot disagree. Pure: state and time in, bool out."""

from __future__ import annotations

import datetime as dt

from ggzy.core import clock

from .models import Bid, Contract, Section, Tender
from .states import TENDER, BidStatus, ContractStatus, SectionStatus, TenderStatus


def tender_publishable(tender: Tender) -> bool:
    """The draft may be published: the transition table allows it from the tender's status."""
    return TENDER.can_move(tender.status, TenderStatus.PUBLISHED)


def tender_terminable(tender: Tender) -> bool:
    """The page offers termination of a published tender."""
    return tender.status == TenderStatus.PUBLISHED


def clarification_open(tender: Tender, *, now: dt.datetime) -> bool:
    """Clarifications (and bidders' questions) while the tender is published and before the deadline."""
    return tender.status == TenderStatus.PUBLISHED and now < tender.tender_period_end


def bidding_open(section: Section, *, status: str, now: dt.datetime) -> bool:
    """Bidders register, submit, replace and withdraw bids: the section is bidding, before the deadline."""
    return status == SectionStatus.BIDDING and now < section.tender.tender_period_end


def opening_hall_open(status: str) -> bool:
    """The opening hall exists once bidding is over (every status after 投标中)."""
    return status not in (SectionStatus.DRAFT, SectionStatus.BIDDING)


def retender_allowed(status: str) -> bool:
    """A failed section (流标) may be tendered again."""
    return status == SectionStatus.FAILED


def bid_retractable(bid: Bid, section: Section, *, now: dt.datetime) -> bool:
    """The bidder may withdraw a submitted bid while bidding is open."""
    return bid.status == BidStatus.SUBMITTED and bidding_open(section, status=section.status, now=now)


def bid_revealed(bid: Bid) -> bool:
    """The bid's price and declared values are public once decrypted."""
    return bid.status == BidStatus.DECRYPTED


def contract_awaits(contract: Contract, *, party: str) -> bool:
    """``party`` ("buyer" or "supplier") has still to sign this pending contract."""
    signed = contract.buyer_signed_at if party == "buyer" else contract.supplier_signed_at
    return contract.status == ContractStatus.PENDING and signed is None


def key_window_open(section: Section, *, status: str, now: dt.datetime) -> bool:
    """Bidders may send their content keys: the section is opening and the opening window is on."""
    return status == SectionStatus.OPENING and section.tender.opening_at <= now < section.opening_window_end


def opening_objection_open(section: Section, *, status: str, now: dt.datetime) -> bool:
    """开标异议 (条例44): raised at the opening — opening or opened, on the opening day (Asia/Shanghai)."""
    opening_day = section.tender.opening_at.astimezone(clock.SHANGHAI).date()
    return (
        status in (SectionStatus.OPENING, SectionStatus.OPENED)
        and now.astimezone(clock.SHANGHAI).date() == opening_day
    )


def publicity_objection_open(section: Section, *, status: str, now: dt.datetime) -> bool:
    """异议 against the candidates (条例54): during the publicity (paused or not), before it ends."""
    return (
        status in (SectionStatus.PUBLICITY, SectionStatus.PAUSED)
        and section.publicity_end is not None
        and now < section.publicity_end
    )
