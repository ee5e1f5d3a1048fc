"""Answers to invitations: accept / decline / conflict (avoided), no answer in time, late avoidance."""

from __future__ import annotations

from django.db import transaction

from ggzy.core import audit, clock
from ggzy.core.exceptions import Conflict, InvalidInput, NotFound
from ggzy.parties.permissions import require_role
from ggzy.parties.roles import Role

from .. import rules
from ..models import Draw, DrawLine, Invitation
from ..states import DRAW
from .draws import _advance

Outcome = Invitation.Outcome


def _lock(invitation: Invitation) -> tuple[Draw, DrawLine, Invitation]:
    """Lock order: draw, then line, then invitation — the same in every service."""
    draw = Draw.objects.select_for_update().get(pk=invitation.line.draw_id)
    line = DrawLine.objects.select_for_update().get(pk=invitation.line_id)
    inv = Invitation.objects.select_for_update().select_related("expert").get(pk=invitation.pk)
    return draw, line, inv


def _refuse_cancelled(draw: Draw) -> None:
    if draw.status == Draw.Status.CANCELLED:
        raise Conflict("该抽取已取消", code="draw_cancelled")


def _set(inv: Invitation, outcome: str, note: str = "") -> None:
    inv.outcome = outcome
    inv.outcome_at = clock.now()
    inv.note = note[:200]
    inv.save(update_fields=["outcome", "outcome_at", "note"])


def invitation_respond(
    *, actor, invitation: Invitation, accept: bool, conflict: bool = False, note: str = ""
) -> Invitation:
    """The drawn expert confirms or declines; declaring a conflict records an avoidance."""
    require_role(actor, Role.EXPERT)
    if invitation.expert.user_id != actor.pk:
        raise NotFound()
    if conflict and not note.strip():
        raise InvalidInput("请说明回避原因", code="reason_required", details={"field": "note"})
    with transaction.atomic():
        draw, line, inv = _lock(invitation)
        _refuse_cancelled(draw)
        if not rules.invitation_open(inv.outcome):
            raise Conflict("该邀请已答复", code="invitation_answered")
        if not rules.invitation_in_time(inv, now=clock.now()):
            raise Conflict("已超过答复期限", code="invitation_expired")
        if conflict:
            outcome = Outcome.AVOIDED
        else:
            outcome = Outcome.ACCEPTED if accept else Outcome.DECLINED
        _set(inv, outcome, note.strip())
        if outcome == Outcome.ACCEPTED:
            line.accepted += 1
            line.save(update_fields=["accepted"])
        audit.record(
            actor=actor,
            action=f"draw.invitation_{outcome}",
            target=draw,
            payload={"line": line.position, "index": inv.index},
        )
        _advance(draw)
    inv.refresh_from_db()
    return inv


def invitation_avoid(*, actor, invitation: Invitation, reason: str) -> Invitation:
    """A conflict found late (at evaluation entry, or by the operator): the next position is invited.

    ``actor`` None = the evaluation service acting on the member's own avoidance statement.
    """
    if actor is not None:
        require_role(actor, Role.OPERATOR)
    if not reason.strip():
        raise InvalidInput("请说明回避原因", code="reason_required", details={"field": "reason"})
    with transaction.atomic():
        draw, line, inv = _lock(invitation)
        _refuse_cancelled(draw)
        if inv.outcome not in (Outcome.PENDING, Outcome.ACCEPTED):
            raise Conflict("该专家已不在抽取结果中", code="invitation_not_active")
        if inv.outcome == Outcome.ACCEPTED:
            line.accepted -= 1
            line.save(update_fields=["accepted"])
        _set(inv, Outcome.AVOIDED, reason.strip())
        # Reopen: the replacement is drawn from the same line's order, before later lines go on.
        if draw.status in (Draw.Status.COMPLETE, Draw.Status.SHORT):
            draw.current_line = min(draw.current_line, line.position)
            DRAW.move(
                draw,
                Draw.Status.DRAWING,
                actor=actor,
                reason=reason.strip(),
                extra_fields=["current_line"],
                audit_action="draw.reopened",
                audit_details={"line": line.position},
            )
        elif draw.current_line > line.position:
            draw.current_line = line.position
            draw.save(update_fields=["current_line"])
        audit.record(
            actor=actor,
            action="draw.invitation_avoided",
            target=draw,
            payload={"line": line.position, "index": inv.index, "reason": reason.strip()},
        )
        _advance(draw)
    inv.refresh_from_db()
    return inv


def invitations_expire() -> int:
    """Worker: pending invitations past their time limit become no_answer; the draw continues."""
    done = 0
    now = clock.now()
    for inv in Invitation.objects.filter(outcome=Outcome.PENDING, respond_by__lt=now).select_related("line")[
        :200
    ]:
        with transaction.atomic():
            draw, line, locked = _lock(inv)
            if locked.outcome != Outcome.PENDING:
                continue  # another worker or the expert got there first
            _set(locked, Outcome.NO_ANSWER)
            audit.record(
                actor=None,
                action="draw.invitation_no_answer",
                target=draw,
                payload={"line": line.position, "index": locked.index},
            )
            _advance(draw)
            done += 1
    return done
