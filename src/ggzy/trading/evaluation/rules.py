"""Predicates on a committee and one of its members, shared by the pages (which offer an action only when it
would be accepted) and the services' status checks. Pure: facts in, bool out."""

from __future__ import annotations

from .models import Committee, Member


def member_replaced(status: str) -> bool:
    """条例48: the member left; opinions and scores given are void."""
    return status == Member.Status.REPLACED


def _seated(member: Member | None) -> bool:
    return member is not None and member.status == Member.Status.ACTIVE and member.statement_signed_at is not None


def may_score(member: Member | None, committee: Committee) -> bool:
    """A seated member scores once, while the committee is scoring."""
    return _seated(member) and committee.status == Committee.Status.SCORING and not hasattr(member, "submission")


def may_disqualify(member: Member | None, committee: Committee) -> bool:
    """The chair disqualifies a bid (with reasons) during scoring or once scored."""
    chair = member is not None and member.is_chair
    return chair and committee.status in (Committee.Status.SCORING, Committee.Status.SCORED)


def may_prepare_report(member: Member | None, committee: Committee) -> bool:
    """The chair prepares the report once all scores are in."""
    return member is not None and member.is_chair and committee.status == Committee.Status.SCORED


def may_sign_report(member: Member | None, committee: Committee) -> bool:
    """Each active member signs the prepared report once."""
    active = member is not None and member.status == Member.Status.ACTIVE
    return active and committee.status == Committee.Status.REPORTED and not hasattr(member, "signature")
