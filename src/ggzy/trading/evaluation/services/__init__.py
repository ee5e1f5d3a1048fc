"""Write side of electronic evaluation: committee, entry and chair, scoring, report."""

from .committee import chair_vote, committee_form, member_add, member_enter, member_replace
from .common import chair_election_open
from .report import report_hand_over, report_prepare, report_sign
from .scoring import bid_adjust_price, bid_disqualify, score_submit

__all__ = [
    "bid_adjust_price",
    "bid_disqualify",
    "chair_election_open",
    "chair_vote",
    "committee_form",
    "member_add",
    "member_enter",
    "member_replace",
    "report_hand_over",
    "report_prepare",
    "report_sign",
    "score_submit",
]
