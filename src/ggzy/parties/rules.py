"""Predicates on a market entity shared by the review services (one edge of ``states.ENTITY`` per event,
``states.EVENTS``) and the pages, which offer an event's button only when the service would accept it."""

from __future__ import annotations

from .models import Entity
from .states import ENTITY, EVENTS


def entity_event_allowed(status: str, event: str) -> bool:
    """``event`` (approve, reject, suspend, reinstate, resubmit) starts from ``status``."""
    start, target, _ = EVENTS[event]
    return status == start and ENTITY.can_move(status, target)


def entity_suspended(status: str) -> bool:
    """Suspended by the trading centre (its users may not trade until reinstated)."""
    return status == Entity.Status.SUSPENDED
