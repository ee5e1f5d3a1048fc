"""Predicates shared by the expert services (which enforce them) and the pages (which offer a button only
when the service would accept it), so a page and its rule cannot disagree. Pure: facts in, bool out."""

from __future__ import annotations

import datetime as dt

from .models import Draw, Expert, Invitation
from .states import EXPERT

E = Expert.Status


def expert_vettable(status: str) -> bool:
    """A registration awaiting vetting: it may be approved (入库) or rejected."""
    return EXPERT.can_move(status, E.ACTIVE) and EXPERT.can_move(status, E.REJECTED)


def expert_suspendable(status: str) -> bool:
    """An expert in the pool may be suspended (or retired)."""
    return EXPERT.can_move(status, E.SUSPENDED)


def expert_reinstatable(status: str) -> bool:
    """A suspended expert may be put back in the pool (vetting is not a reinstatement)."""
    return EXPERT.can_move(status, E.ACTIVE) and not expert_vettable(status)


def invitation_open(outcome: str) -> bool:
    """The drawn expert has not answered yet."""
    return outcome == Invitation.Outcome.PENDING


def invitation_in_time(invitation: Invitation, *, now: dt.datetime) -> bool:
    """The reply deadline has not passed."""
    return now <= invitation.respond_by


def invitation_answerable(invitation: Invitation, *, now: dt.datetime) -> bool:
    return invitation_open(invitation.outcome) and invitation_in_time(invitation, now=now)


def draw_seats_committee(status: str) -> bool:
    """A finished draw (all lines filled, or short of experts) seats an evaluation committee (条例46)."""
    return status in (Draw.Status.COMPLETE, Draw.Status.SHORT)
