from __future__ import annotations

from ggzy.core.exceptions import Conflict, GgzyError
from ggzy.core.legal_rules import cite, rule

from .. import rules
from ..models import Committee, Member


def lock_committee(committee: Committee) -> Committee:
    return Committee.objects.select_for_update().get(pk=committee.pk)


def refuse(refusal: GgzyError | None) -> None:
    """Raise what a ``rules.*_refusal`` predicate answered, if anything."""
    if refusal is not None:
        raise refusal


def seat_of(actor, committee: Committee, *, lock: bool = False) -> Member | None:
    """The actor's latest seat on the committee (the one the pages ask ``rules`` about), or ``None``."""
    seats = Member.objects.filter(committee=committee, user_id=getattr(actor, "pk", None)).order_by("-id")
    return (seats.select_for_update() if lock else seats).first()


def active_member(actor, committee: Committee) -> Member:
    """The actor's active seat on the committee, or a refusal explaining why not."""
    member = seat_of(actor, committee)
    refuse(rules.seat_refusal(member))
    return member


def require_statement(member: Member) -> None:
    refuse(rules.statement_refusal(member))


def chair_election_open(committee: Committee) -> bool:
    """The members vote for a chair when the committee is formed, or while scoring goes on without one
    (the chair was replaced, 条例48); only the chair prepares the report."""
    if committee.status == Committee.Status.FORMED:
        return True
    no_chair = not Member.objects.filter(
        committee=committee, status=Member.Status.ACTIVE, is_chair=True
    ).exists()
    return committee.status in (Committee.Status.SCORING, Committee.Status.SCORED) and no_chair


def require_status(committee: Committee, *statuses: str) -> None:
    refuse(rules.status_refusal(committee, *statuses))


def valid_bids_short(committee: Committee) -> bool:
    """GP: fewer than 3 valid bids after rejections (否决) — the evaluation stops (87号令43)."""
    if committee.procurement == Committee.Procurement.ENGINEERING:
        return False
    return committee.bids.filter(disqualified=False).count() < rule("87号令43").value


def require_enough_valid_bids(committee: Committee) -> None:
    if valid_bids_short(committee):
        minimum = rule("87号令43").value
        raise Conflict(
            f"有效投标不足{minimum}家，评标终止（{cite('87号令43')}）",
            code="evaluation_stopped",
            details={
                "rule": cite("87号令43"),
                "minimum": minimum,
                "valid": committee.bids.filter(disqualified=False).count(),
            },
        )
