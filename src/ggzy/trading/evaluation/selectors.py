"""Reads that depend on who asks. Scores are independent: a member sees the others' scores only after
submitting their own; the agency and buyer see results once scoring is complete; regulators read
everything after the fact (report signed)."""

from __future__ import annotations

from typing import Any

from ggzy.core import clock
from ggzy.core.exceptions import NotFound
from ggzy.parties.permissions import require_login
from ggzy.parties.roles import Role

from . import results
from .models import Committee, Member, Score, Submission

AFTER_SCORING = (
    Committee.Status.SCORED,
    Committee.Status.REPORTED,
    Committee.Status.SIGNED,
    Committee.Status.HANDED_OVER,
)
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


def committees_for_viewer(*, viewer):
    """Members: their committees; agency/buyer: their projects'; operator: all; regulator: signed ones."""
    require_login(viewer)
    if viewer.role in (Role.AGENCY, Role.BUYER):
        uscc = viewer.entity.uscc if viewer.entity_id else None
        from django.db.models import Q

        return (
            Committee.objects.filter(Q(agency_uscc=uscc) | Q(buyer_uscc=uscc) | Q(members__user=viewer))
            .distinct()
            .order_by("-starts_at")
        )
    if viewer.role == Role.OPERATOR:
        return Committee.objects.order_by("-starts_at")
    if viewer.role == Role.REGULATOR:
        return Committee.objects.filter(status__in=AFTER_SIGNING).order_by("-starts_at")
    return committees_for_member(viewer=viewer)


def visible_scores(*, viewer, committee: Committee, member: Member | None) -> list[dict[str, Any]]:
    """Score rows the viewer may see now."""
    qs = Score.objects.filter(member__committee=committee).select_related("member__user", "bid", "item")
    if member is not None and committee.status not in AFTER_SCORING:
        if not Submission.objects.filter(member=member).exists():
            qs = qs.filter(member=member)  # own draft only; others hidden until own submission
    elif member is None and committee.status not in AFTER_SCORING:
        return []  # agency, buyer, operator: nothing until every member has submitted
    return [
        {
            "member": s.member.user.display_name or s.member.user.username,
            "memberId": s.member_id,
            "void": s.member.status == Member.Status.REPLACED,
            "bid": s.bid.bidder_name,
            "bidId": s.bid_id,
            "item": s.item.code,
            "points": str(s.points),
            "comment": s.comment,
        }
        for s in qs.order_by("member_id", "bid_id", "item__position")
    ]


def ranking_for_viewer(*, viewer, committee: Committee, member: Member | None) -> list[dict[str, Any]] | None:
    if committee.status not in AFTER_SCORING:
        return None
    return results.as_json(results.compute_ranking(committee))


def committee_summary(*, viewer, committee: Committee, member: Member | None) -> dict[str, Any]:
    """What the viewer may see of the committee now; identities only once the evaluation starts."""
    started = clock.now() >= committee.starts_at
    members = list(committee.members.select_related("user").order_by("id"))
    out = {
        "id": committee.pk,
        "sectionId": committee.section_ref,
        "status": committee.status,
        "statusLabel": committee.get_status_display(),
        "method": committee.method,
        "procurement": committee.procurement,
        "startsAt": committee.starts_at.isoformat(),
        "memberCount": sum(m.status == Member.Status.ACTIVE for m in members),
        "me": {
            "id": member.pk,
            "status": member.status,
            "isChair": member.is_chair,
            "statementSigned": member.statement_signed_at is not None,
            "submitted": hasattr(member, "submission"),
        }
        if member
        else None,
        "items": [
            {
                "code": i.code,
                "name": i.name,
                "kind": i.kind,
                "weight": str(i.weight),
                "maxPoints": str(i.max_points),
            }
            for i in committee.items.all()
        ],
        "bids": [
            {
                "id": b.pk,
                "bidderName": b.bidder_name,
                "price": str(b.price),
                "disqualified": b.disqualified,
                "disqualificationReason": b.disqualification_reason,
            }
            for b in committee.bids.all()
        ],
        "scores": visible_scores(viewer=viewer, committee=committee, member=member),
        "ranking": ranking_for_viewer(viewer=viewer, committee=committee, member=member),
    }
    if started:  # identities stay sealed until the evaluation starts (87号令47)
        out["members"] = [
            {
                "id": m.pk,
                "name": m.user.display_name or m.user.username,
                "kind": m.kind,
                "status": m.status,
                "isChair": m.is_chair,
            }
            for m in members
        ]
    report = getattr(committee, "report", None)
    if report is not None:
        out["report"] = {
            "candidates": report.candidates,
            "digest": report.content_digest,
            "signatures": report.signatures.count(),
            "signedAt": report.signed_at.isoformat() if report.signed_at else None,
        }
    return out
