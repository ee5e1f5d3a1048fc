from .committee import ChairVote, Committee, Member
from .report import Report, ReportSignature
from .scoring import Bid, DeviationFlag, Score, ScoringItem, Submission

__all__ = [
    "Bid",
    "ChairVote",
    "Committee",
    "DeviationFlag",
    "Member",
    "Report",
    "ReportSignature",
    "Score",
    "ScoringItem",
    "Submission",
]
