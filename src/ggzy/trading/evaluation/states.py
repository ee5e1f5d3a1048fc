"""The evaluation committee's state machine, and the member's seat.

已组建 → 评审中 (the chair is elected) → 评分完成 (every active member scored) → 报告待签署 → 报告已签署 →
已提交招标人. Replacing a member after scoring (条例48) moves 评分完成 back to 评审中: the replacement still
has to score. Replacing the chair never sends the committee back to 已组建: scores already given stand, the
members elect a new chair while scoring goes on (``chair_election_open``), and only the chair prepares
the report.
"""

from __future__ import annotations

from ggzy.core.states import StateMachine

from .models import Committee, Member

C = Committee.Status

COMMITTEE = StateMachine(
    Committee,
    transitions={
        C.FORMED: {C.SCORING},
        C.SCORING: {C.SCORED},
        C.SCORED: {C.SCORING, C.REPORTED},  # → scoring: a replaced member's successor scores
        C.REPORTED: {C.SIGNED},
        C.SIGNED: {C.HANDED_OVER},
        C.HANDED_OVER: set(),
    },
    audit_action="evaluation.committee_status_changed",
    code="committee_bad_state",
    label="评标委员会",
)

MEMBER = StateMachine(
    Member,
    transitions={Member.Status.ACTIVE: {Member.Status.REPLACED}, Member.Status.REPLACED: set()},
    audit_action="evaluation.member_status_changed",
    code="member_replaced",
    label="评标委员会成员",
)
