"""The state machines of the expert hub: the expert in the pool, the draw, the message outbox."""

from __future__ import annotations

from ggzy.core.states import StateMachine

from .models import Draw, Expert, OutboxMessage

E = Expert.Status
EXPERT = StateMachine(
    Expert,
    transitions={
        E.PENDING: {E.ACTIVE, E.REJECTED},
        E.REJECTED: {E.PENDING},
        E.ACTIVE: {E.SUSPENDED, E.RETIRED, E.PENDING},  # → pending: a new specialty is vetted again
        E.SUSPENDED: {E.ACTIVE, E.RETIRED},
        E.RETIRED: set(),
    },
    audit_action="expert.status_changed",
    code="expert_bad_transition",
    label="评标专家",
)

D = Draw.Status
DRAW = StateMachine(
    Draw,
    transitions={
        D.COMMITTED: {D.DRAWING, D.CANCELLED},  # the beacon exists → lines are drawn
        D.DRAWING: {D.COMPLETE, D.SHORT, D.CANCELLED},
        # A late avoidance reopens a finished draw: the replacement comes from the same line's order.
        D.COMPLETE: {D.DRAWING, D.CANCELLED},
        D.SHORT: {D.DRAWING, D.CANCELLED},
        D.CANCELLED: set(),  # the agency cancelled it before the evaluation (draw_cancel)
    },
    audit_action="draw.status_changed",
    code="draw_bad_transition",
    label="专家抽取",
)

M = OutboxMessage.Status
OUTBOX = StateMachine(
    OutboxMessage,
    transitions={M.PENDING: {M.SENT, M.FAILED}},
    # Delivery bookkeeping, not a business state: the event that queued the message is audited, and
    # the message body (names, times) must stay out of the audit trail.
    audit_action=None,
    label="通知消息",
)
