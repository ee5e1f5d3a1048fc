"""Reads that depend on who asks. Scores are independent: a member sees the others' scores only after
submitting their own; the agency and buyer see results once scoring is complete; regulators read
everything after the fact (report signed)."""

from __future__ import annotations

from typing import Any

from ggzy.core.exceptions import NotFound
from ggzy.parties.permissions import require_login
from ggzy.parties.roles import Role

from . import results
from .models import Committee, Member, Score, Submission

AFTER_SCORING = (Committee.Status.SCORED, Committee.Status.REPORTED, Committee.Status.SIGNED,
                 Committee.Status.HANDED_OVER)
AFTER_SIGNING = (Committee.Status.SIGNED, Committee.Status.HANDED_OVER)


def committee_for_viewer(*, viewer, committee_id: int) -> tuple[Committee, Member | None]:
    """The committee if the viewer may see it at all (member, the project's agency/buyer, operator,
    regulator after the fact); otherwise 404."""
    require_login(viewer)
    committee = Committee.objects.filter(pk=committee_id).first()
    if committee is None:
        raise NotFound()
    member = Member.objects.filter(committee=committee, user=viewer).order_by("-id").first()
    if member is not None:
        return committee, member
    uscc = viewer.entity.uscc if viewer.entity_id else None
    if viewer.role in (Role.AGENCY, Role.BUYER) and uscc in (committee.agency_uscc, committee.buyer_uscc):
        return committee, None
    if viewer.role == Role.OPERATOR:
        return committee, None
    if viewer.role == Role.REGULATOR and committee.status in AFTER_SIGNING:
        return committee, None
    raise NotFound()


def committees_for_member(*, viewer):
    require_login(viewer)
    return Committee.objects.filter(members__user=viewer).distinct().order_by("-starts_at")


def visible_scores(*, viewer, committee: Committee, member: Member | None) -> list[dict[str, Any]]:
    """Score rows the viewer may see now."""
    qs = Score.objects.filter(member__committee=committee).select_related("member__user", "bid", "item")
    if member is not None and committee.status not in AFTER_SCORING:
        if not Submission.objects.filter(member=member).exists():
            qs = qs.filter(member=member)  # own draft only; others hidden until own submission
    elif member is None and committee.status not in AFTER_SCORING:
        return []  # agency, buyer, operator: nothing until every member has submitted
    return [{"member": s.member.user.display_name or s.member.user.username, "memberId": s.member_id,
             "void": s.member.status == Member.Status.REPLACED, "bid": s.bid.bidder_name, "bidId": s.bid_id,
             "item": s.item.code, "points": str(s.points), "comment": s.comment}
            for s in qs.order_by("member_id", "bid_id", "item__position")]


def ranking_for_viewer(*, viewer, committee: Committee, member: Member | None) -> list[dict[str, Any]] | None:
    if committee.status not in AFTER_SCORING:
        return None
    return results.as_json(results.compute_ranking(committee))
