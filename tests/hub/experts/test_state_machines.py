"""Expert, draw and outbox change state only through their tables (ggzy.hub.experts.states).

The draw's 已取消 state has a real transition: the requesting agency cancels a draw before the evaluation
starts (when the experts' names reach it), with a reason, audited; refused afterwards.
"""

from __future__ import annotations

import datetime as dt

import pytest

from ggzy.core.exceptions import Conflict, Forbidden, InvalidInput
from ggzy.core.models import AuditRecord
from ggzy.hub.experts import messaging, services
from ggzy.hub.experts.models import Draw, Expert, Invitation, OutboxMessage
from ggzy.hub.experts.states import DRAW, EXPERT, OUTBOX

from .conftest import T0
from .test_draw_flow import started_draw

pytestmark = pytest.mark.django_db


def test_expert_retired_is_final_and_moves_are_audited(make_expert, project):
    """Retiring writes expert.status_changed (active → retired); the table refuses bringing a retiree back."""
    expert = make_expert(1)
    services.expert_set_status(actor=project["operator"], expert=expert, status="retired", note="年龄原因")
    record = AuditRecord.objects.filter(action="expert.status_changed", target_id=str(expert.pk)).get()
    assert (record.payload["from"], record.payload["to"]) == ("active", "retired")
    with pytest.raises(Conflict) as exc:
        services.expert_set_status(actor=project["operator"], expert=expert, status="active", note="返聘")
    assert exc.value.code == "expert_bad_transition"
    assert "“退出”" in exc.value.message and "“在库”" in exc.value.message
    assert Expert.objects.get(pk=expert.pk).status == "retired"


def test_vetting_is_an_audited_move(make_expert):
    """Vetting moves pending → active under the expert.vetted record."""
    expert = make_expert(2)
    record = AuditRecord.objects.get(action="expert.vetted", target_id=str(expert.pk))
    assert (record.payload["from"], record.payload["to"]) == ("pending", "active")


def test_agency_cancels_a_draw_before_the_evaluation(clock, request_draw, make_expert, seal, project):
    """Cancelled with a reason: audited, the invited experts are told, their invitations can no longer be
    answered, and a new draw may be requested for the section."""
    for n in range(5):
        make_expert(n)
    draw = started_draw(request_draw, clock, seal)
    pending = Invitation.objects.filter(line__draw=draw, outcome="pending").first()
    with pytest.raises(InvalidInput):
        services.draw_cancel(actor=project["agency_user"], draw=draw, reason="  ")
    services.draw_cancel(actor=project["agency_user"], draw=draw, reason="招标文件修改，评标时间推迟")
    draw.refresh_from_db()
    assert draw.status == Draw.Status.CANCELLED
    record = AuditRecord.objects.get(action="draw.cancelled", target_id=str(draw.pk))
    assert record.payload["from"] == "drawing" and record.payload["reason"] == "招标文件修改，评标时间推迟"
    assert OutboxMessage.objects.filter(kind="draw.cancelled").count() == 3
    with pytest.raises(Conflict) as exc:
        services.invitation_respond(actor=pending.expert.user, invitation=pending, accept=True)
    assert exc.value.code == "draw_cancelled"
    clock.shift(dt.timedelta(hours=3))
    services.invitations_expire()  # answers run out; nobody further is invited
    draw.refresh_from_db()
    assert draw.status == Draw.Status.CANCELLED
    assert Invitation.objects.filter(line__draw=draw).count() == 3
    assert request_draw().status == Draw.Status.COMMITTED


def test_cancelling_is_refused_once_the_evaluation_started(clock, request_draw, make_expert, seal, project):
    """From the evaluation time the names are with the agency: the draw can no longer be cancelled."""
    for n in range(5):
        make_expert(n)
    draw = started_draw(request_draw, clock, seal)
    clock.move_to(T0 + dt.timedelta(hours=24))
    with pytest.raises(Conflict) as exc:
        services.draw_cancel(actor=project["agency_user"], draw=draw, reason="不再需要")
    assert exc.value.code == "draw_not_cancellable"
    assert Draw.objects.get(pk=draw.pk).status != Draw.Status.CANCELLED
    assert not AuditRecord.objects.filter(action="draw.cancelled").exists()


def test_only_the_requesting_agency_cancels(clock, request_draw, project):
    """Another agency, or a bidder, cannot cancel; nothing changes."""
    draw = request_draw()
    with pytest.raises(Forbidden):
        services.draw_cancel(actor=project["other_agency_user"], draw=draw, reason="恶意取消")
    with pytest.raises(Forbidden):
        services.draw_cancel(actor=project["bidder_user"], draw=draw, reason="恶意取消")
    assert Draw.objects.get(pk=draw.pk).status == Draw.Status.COMMITTED


def test_a_cancelled_draw_is_final(clock, request_draw, project):
    """The table has no way out of 已取消: the worker cannot start it, nothing can reopen it."""
    draw = request_draw()
    services.draw_cancel(actor=project["agency_user"], draw=draw, reason="项目暂停")
    with pytest.raises(Conflict) as exc:
        DRAW.move(draw, Draw.Status.DRAWING, actor=None)
    assert exc.value.code == "draw_bad_transition"
    assert "“已取消”" in exc.value.message
    assert services.draws_advance() == 0


def test_outbox_message_sent_once(project):
    """Pending → sent; a sent message never goes back (delivery bookkeeping, not audited)."""
    row = messaging.enqueue(recipient=project["agency_user"], kind="test", body="测试")
    assert messaging.deliver_pending() == 1
    row.refresh_from_db()
    assert row.status == OutboxMessage.Status.SENT
    with pytest.raises(Conflict):
        OUTBOX.move(row, OutboxMessage.Status.PENDING, actor=None)
    with pytest.raises(Conflict):
        EXPERT.check("retired", "pending")
