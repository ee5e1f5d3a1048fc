"""The alert's state machine: 待核查 → 核查中 → 属实 / 不属实 / 移交 (closing needs a finding)."""

from __future__ import annotations

from ggzy.core.states import StateMachine

from .models import Alert

S = Alert.Status

ALERT = StateMachine(
    Alert,
    transitions={
        S.PENDING: {S.INVESTIGATING},
        S.INVESTIGATING: {S.CONFIRMED, S.DISMISSED, S.REFERRED},
        S.CONFIRMED: set(),
        S.DISMISSED: set(),
        S.REFERRED: set(),
    },
    audit_action="alert.transition",
    code="alert_state",
    label="预警",
)
OPEN_STATUSES = frozenset({S.PENDING, S.INVESTIGATING})
CLOSED_STATUSES = frozenset({S.CONFIRMED, S.DISMISSED, S.REFERRED})
