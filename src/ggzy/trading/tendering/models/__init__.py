from .award import (
    Award,
    Candidate,
    Contract,
    ContractAlert,
    EvaluationResult,
    PerformanceRecord,
    PublicityObjection,
    ResultNotice,
)
from .bids import ACTIVE_BID_STATUSES, Bid, BidContent, BidEnvelope, OpeningObjection, envelope_text
from .participation import Clarification, DocumentDownload, Question, Registration
from .procedure import ProcedureType
from .tender import CodeSequence, Section, Tender, TradingProject

__all__ = [
    "ACTIVE_BID_STATUSES",
    "Award",
    "Bid",
    "BidContent",
    "BidEnvelope",
    "Candidate",
    "Clarification",
    "CodeSequence",
    "Contract",
    "ContractAlert",
    "DocumentDownload",
    "EvaluationResult",
    "OpeningObjection",
    "PerformanceRecord",
    "ProcedureType",
    "PublicityObjection",
    "Question",
    "ResultNotice",
    "Registration",
    "Section",
    "Tender",
    "TradingProject",
    "envelope_text",
]
