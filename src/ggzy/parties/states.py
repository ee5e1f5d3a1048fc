"""The market entity's state machine (审核状态).

An entity is registered pending (or created verified by an operator); the operator approves or rejects
it, suspends and reinstates it; a rejected entity may ask for review again. Each event names its
target state and the stable code of its refusal (clients match on those codes).
"""

from __future__ import annotations

from ggzy.core.states import StateMachine

from .models import Entity

S = Entity.Status

ENTITY = StateMachine(
    Entity,
    transitions={
        S.PENDING: {S.VERIFIED, S.REJECTED},
        S.VERIFIED: {S.SUSPENDED},
        S.SUSPENDED: {S.VERIFIED},
        S.REJECTED: {S.PENDING},
    },
    initial={S.PENDING, S.VERIFIED},  # an operator may register an entity already verified
    audit_action="entity.status_changed",  # the review events name their own, e.g. ``entity.approve``
    label="市场主体",
)

# event -> (the one state it starts from, its target, the code of its refusal): each event is one edge.
EVENTS: dict[str, tuple[str, str, str]] = {
    "approve": (S.PENDING, S.VERIFIED, "entity_not_pending"),
    "reject": (S.PENDING, S.REJECTED, "entity_not_pending"),
    "suspend": (S.VERIFIED, S.SUSPENDED, "entity_not_verified"),
    "reinstate": (S.SUSPENDED, S.VERIFIED, "entity_not_suspended"),
    "resubmit": (S.REJECTED, S.PENDING, "entity_not_rejected"),
}
