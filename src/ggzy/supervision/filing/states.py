"""The filing's state machine: 已提交 → 审核中 → 准予备案 / 不予备案 (a decision needs reasons)."""

from __future__ import annotations

from ggzy.core.states import StateMachine

from .models import Filing

S = Filing.Status

FILING = StateMachine(
    Filing,
    transitions={
        S.SUBMITTED: {S.UNDER_REVIEW},
        S.UNDER_REVIEW: {S.APPROVED, S.REJECTED},
        S.APPROVED: set(),
        S.REJECTED: set(),
    },
    audit_action="filing.transition",
    code="filing_state",
    label="备案",
)
DECISIONS = frozenset({S.APPROVED, S.REJECTED})
