"""Reads that depend on who asks. The drawn list is sealed: before the evaluation starts nobody but
the drawing service (and each drawn expert, for their own invitation) learns who was drawn."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from ggzy.core import clock
from ggzy.core.codes import clean_reference
from ggzy.core.exceptions import NotFound
from ggzy.parties.permissions import require_role
from ggzy.parties.roles import Role

from .models import Draw, Expert, Invitation
from .publication import draw_document

Outcome = Invitation.Outcome


def draw_by_id(draw_id: str) -> Draw:
    """The draw of this id (cleaned first, like every identifier read from a request), or 404."""
    draw = Draw.objects.filter(draw_id=clean_reference(draw_id)).first()
    if draw is None:
        raise NotFound()
    return draw


_draw = draw_by_id


def draw_public(*, draw_id: str) -> dict[str, Any]:
    """The spec document: complete once published, otherwise commitment, beacon time and line counts."""
    draw = _draw(draw_id)
    return draw_document(draw, full=draw.published_at is not None)


def published_draws() -> QuerySet[Draw]:
    return Draw.objects.filter(published_at__isnull=False)


def _is_party(viewer, draw: Draw) -> bool:
    entity = getattr(viewer, "entity", None)
    return (
        entity is not None
        and viewer.role in (Role.AGENCY, Role.BUYER)
        and entity.uscc in (draw.agency_uscc, draw.buyer_uscc)
    )


def evaluation_started(draw: Draw) -> bool:
    return clock.now() >= draw.evaluation_at


def draw_progress(*, viewer, draw_id: str) -> dict[str, Any]:
    """Counts for the agency and buyer (and operator); names only once the evaluation has started."""
    require_role(viewer, Role.AGENCY, Role.BUYER, Role.OPERATOR, Role.REGULATOR)
    draw = _draw(draw_id)
    if viewer.role in (Role.AGENCY, Role.BUYER) and not _is_party(viewer, draw):
        raise NotFound()
    started = evaluation_started(draw)
    if viewer.role == Role.REGULATOR and not started:
        raise NotFound()  # regulators read after the fact
    lines = draw.lines.annotate(
        n_pending=Count("invitations", filter=Q(invitations__outcome=Outcome.PENDING)),
        n_invited=Count("invitations"),
    )
    out: dict[str, Any] = {
        "drawId": draw.draw_id,
        "sectionId": draw.section_ref,
        "status": draw.status,
        "statusLabel": draw.get_status_display(),
        "commitment": draw.commitment,
        "committedAt": draw.committed_at.isoformat(),
        "evaluationAt": draw.evaluation_at.isoformat(),
        "beaconSealedAt": draw.beacon_sealed_at.isoformat() if draw.beacon_sealed_at else None,
        "lines": [
            {
                "label": x.label,
                "count": x.count,
                "accepted": x.accepted,
                "pending": x.n_pending,
                "invited": x.n_invited,
            }
            for x in lines
        ],
        "evaluationStarted": started,
    }
    if started:
        out["members"] = [
            {"expertCode": inv.expert.expert_code, "name": inv.expert.name, "line": inv.line.label}
            for inv in Invitation.objects.filter(line__draw=draw, outcome=Outcome.ACCEPTED)
            .select_related("expert", "line")
            .order_by("line__position", "index")
        ]
    return out


def draws_for_viewer(*, viewer) -> QuerySet[Draw]:
    require_role(viewer, Role.AGENCY, Role.BUYER, Role.OPERATOR, Role.REGULATOR)
    qs = Draw.objects.all().order_by("-id")
    if viewer.role in (Role.AGENCY, Role.BUYER):
        uscc = viewer.entity.uscc if viewer.entity else None
        qs = qs.filter(Q(agency_uscc=uscc) | Q(buyer_uscc=uscc))
    elif viewer.role == Role.REGULATOR:
        qs = qs.filter(evaluation_at__lte=clock.now())
    return qs


def my_invitations(*, viewer) -> QuerySet[Invitation]:
    require_role(viewer, Role.EXPERT)
    return (
        Invitation.objects.filter(expert__user=viewer)
        .select_related("line", "line__draw")
        .order_by("-invited_at")
    )


def my_invitation(*, viewer, invitation_id: int) -> Invitation:
    require_role(viewer, Role.EXPERT)
    inv = (
        Invitation.objects.filter(pk=invitation_id, expert__user=viewer)
        .select_related("line__draw", "expert")
        .first()
    )
    if inv is None:
        raise NotFound()
    return inv


def my_expert(*, viewer) -> Expert | None:
    require_role(viewer, Role.EXPERT)
    return (
        Expert.objects.filter(user=viewer)
        .prefetch_related("specialty_links__specialty", "employments", "relative_companies")
        .first()
    )


def experts_for_vetting(*, viewer, status: str | None = None) -> QuerySet[Expert]:
    require_role(viewer, Role.OPERATOR)
    qs = Expert.objects.all().order_by("created_at", "id")
    return qs.filter(status=status) if status else qs


def expert_for_vetting(*, viewer, expert_code: str) -> Expert:
    expert = experts_for_vetting(viewer=viewer).filter(expert_code=clean_reference(expert_code)).first()
    if expert is None:
        raise NotFound()
    return expert
