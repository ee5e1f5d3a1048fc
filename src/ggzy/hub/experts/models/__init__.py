from .draws import Draw, DrawExclusion, DrawLine, Invitation
from .messages import OutboxMessage
from .pool import Employment, EvaluationRecord, Expert, ExpertSpecialty, RelativeCompany, Specialty
from .snapshots import PoolSnapshot, PoolState

__all__ = [
    "Draw",
    "DrawExclusion",
    "DrawLine",
    "Employment",
    "EvaluationRecord",
    "Expert",
    "ExpertSpecialty",
    "Invitation",
    "OutboxMessage",
    "PoolSnapshot",
    "PoolState",
    "RelativeCompany",
    "Specialty",
]
