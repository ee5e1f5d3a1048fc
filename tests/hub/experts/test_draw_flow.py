"""Drawing: commitment before the draw, beacon from the audit seal, avoidance, continuation."""

from __future__ import annotations

import datetime as dt

import pytest

from ggzy.core.exceptions import Conflict, Forbidden
from ggzy.hub.experts import algorithm, services
from ggzy.hub.experts.models import Draw, DrawExclusion, Invitation, OutboxMessage
from ggzy.hub.experts.tasks import PERIODIC_TASKS

from .conftest import T0, uscc

pytestmark = pytest.mark.django_db


def started_draw(request_draw, clock, seal, **kw):
    draw = request_draw(**kw)
    seal(clock)
    services.draws_advance()
    draw.refresh_from_db()
    return draw


def test_commitment_published_before_the_beacon_exists(clock, request_draw, make_expert):
    for n in range(6):
        make_expert(n)
    draw = request_draw()
    assert draw.commitment == algorithm.commitment_of(bytes.fromhex(draw.secret_hex))
    assert draw.status == Draw.Status.COMMITTED and draw.beacon == ""
    with pytest.raises(Conflict) as exc:
        services.draw_execute(draw=draw)  # no seal after the commitment yet
    assert exc.value.code == "beacon_pending"
    assert not Invitation.objects.exists()


def test_beacon_is_first_seal_after_commitment_and_order_follows_spec(clock, request_draw, make_expert, seal):
    from ggzy.core.audit_seal import first_seal_after

    experts = [make_expert(n) for n in range(8)]
    draw = started_draw(request_draw, clock, seal)
    beacon = first_seal_after(draw.committed_at)
    assert draw.beacon == beacon.merkle_root and draw.beacon_sealed_at == beacon.sealed_at
    assert draw.beacon_sealed_at > draw.committed_at
    line = draw.lines.get()
    assert line.eligible == sorted(e.expert_code for e in experts)
    seed = algorithm.seed_of(bytes.fromhex(draw.secret_hex), draw.beacon)
    invited = list(line.invitations.order_by("index").values_list("expert__expert_code", flat=True))
    assert invited == algorithm.draw_order(line.eligible, seed, line.label, 3)
    assert OutboxMessage.objects.filter(kind="draw.invitation").count() == 3


def test_avoidance_records_each_exclusion_with_reason(clock, request_draw, make_expert, project, seal):
    bidder, buyer, agency = project["bidders"][0].uscc, project["buyer"].uscc, project["agency"].uscc
    ok = [make_expert(n) for n in range(5)]
    at_bidder = make_expert(20, employer=10)  # employee of bidder 10 (uscc(10))
    left_recently = make_expert(21, former=(bidder, "2025-06-30"))
    left_long_ago = make_expert(22, former=(bidder, "2020-06-30"))
    at_buyer = make_expert(23, employer=1)
    at_agency = make_expert(24, employer=2)
    at_regulator = make_expert(25, employer=5)
    relative = make_expert(26, relatives=[bidder])
    suspended = make_expert(27, status="suspended")
    other_specialty = make_expert(28, specialties=("C01",))
    draw = started_draw(request_draw, clock, seal)
    reasons = {(x.expert_id, x.reason) for x in DrawExclusion.objects.filter(draw=draw)}
    assert reasons == {
        (at_bidder.pk, "bidder_employee"),
        (left_recently.pk, "bidder_employee"),
        (at_buyer.pk, "buyer_employee"),
        (at_agency.pk, "agency_employee"),
        (at_regulator.pk, "regulator_staff"),
        (relative.pk, "relative"),
        (suspended.pk, "suspended"),
    }
    assert buyer and agency
    eligible = set(draw.lines.get().eligible)
    assert eligible == {e.expert_code for e in ok} | {left_long_ago.expert_code}
    assert other_specialty.expert_code not in eligible


def test_frequency_rule_excludes_experts_evaluating_too_often_for_the_buyer(
    clock, request_draw, make_expert, project, seal, settings
):
    settings.GGZY_EXPERT_BUYER_FREQUENCY_LIMIT = 2
    busy, fine = make_expert(1), make_expert(2)
    for _ in range(2):
        services.evaluation_record_add(
            actor=None,
            expert=busy,
            buyer_uscc=project["buyer"].uscc,
            section_ref="old",
            evaluated_at=T0 - dt.timedelta(days=100),
        )
    services.evaluation_record_add(
        actor=None,
        expert=fine,
        buyer_uscc=project["buyer"].uscc,
        section_ref="old",
        evaluated_at=T0 - dt.timedelta(days=400),
    )
    draw = started_draw(request_draw, clock, seal, lines=[{"specialty": "A08", "count": 1}])
    assert list(DrawExclusion.objects.filter(draw=draw).values_list("expert_id", "reason")) == [
        (busy.pk, "frequency")
    ]


def test_draw_refused_before_lead_time_or_too_close(clock, request_draw, make_expert):
    with pytest.raises(Conflict) as exc:
        request_draw(evaluation_at=T0 + dt.timedelta(days=5))
    assert exc.value.code == "draw_too_early"
    with pytest.raises(Conflict) as exc:
        request_draw(evaluation_at=T0 + dt.timedelta(minutes=10))
    assert exc.value.code == "draw_too_late"
    assert not Draw.objects.exists()


def test_only_the_projects_agency_may_request(clock, request_draw, project):
    for who in ("other_agency_user", "buyer_user", "operator", "bidder_user"):
        with pytest.raises(Forbidden):
            request_draw(actor=project[who])
    assert not Draw.objects.exists()


def test_decline_and_no_answer_continue_the_order(clock, request_draw, make_expert, seal):
    for n in range(6):
        make_expert(n)
    draw = started_draw(request_draw, clock, seal, lines=[{"specialty": "A080101", "count": 2}])
    line = draw.lines.get()
    first, second = line.invitations.order_by("index")
    services.invitation_respond(actor=first.expert.user, invitation=first, accept=False, note="出差")
    assert line.invitations.count() == 3  # position 2 invited
    services.invitation_respond(actor=second.expert.user, invitation=second, accept=True)
    clock.shift(dt.timedelta(minutes=31))
    for task in PERIODIC_TASKS:
        task()
    third = line.invitations.get(index=2)
    assert third.outcome == Invitation.Outcome.NO_ANSWER
    fourth = line.invitations.get(index=3)
    services.invitation_respond(actor=fourth.expert.user, invitation=fourth, accept=True)
    draw.refresh_from_db()
    assert draw.status == Draw.Status.COMPLETE
    seed = algorithm.seed_of(bytes.fromhex(draw.secret_hex), draw.beacon)
    codes = list(line.invitations.order_by("index").values_list("expert__expert_code", flat=True))
    assert codes == algorithm.draw_order(line.eligible, seed, line.label, 4)
    assert OutboxMessage.objects.filter(status="sent").count() >= 4  # delivered by the log backend


def test_conflict_declared_on_answer_is_recorded_as_avoided_and_needs_reason(
    clock, request_draw, make_expert, seal
):
    for n in range(4):
        make_expert(n)
    draw = started_draw(request_draw, clock, seal, lines=[{"specialty": "A080101", "count": 1}])
    inv = draw.lines.get().invitations.get()
    with pytest.raises(Exception) as exc:
        services.invitation_respond(actor=inv.expert.user, invitation=inv, accept=False, conflict=True)
    assert exc.value.code == "reason_required"
    services.invitation_respond(
        actor=inv.expert.user, invitation=inv, accept=False, conflict=True, note="曾任职投标人"
    )
    inv.refresh_from_db()
    assert inv.outcome == "avoided" and draw.lines.get().invitations.count() == 2


def test_answer_after_time_limit_or_twice_refused(clock, request_draw, make_expert, seal):
    for n in range(4):
        make_expert(n)
    draw = started_draw(request_draw, clock, seal, lines=[{"specialty": "A080101", "count": 1}])
    inv = draw.lines.get().invitations.get()
    services.invitation_respond(actor=inv.expert.user, invitation=inv, accept=True)
    with pytest.raises(Conflict) as exc:
        services.invitation_respond(actor=inv.expert.user, invitation=inv, accept=False)
    assert exc.value.code == "invitation_answered"


def test_second_line_excludes_experts_accepted_by_first(clock, request_draw, make_expert, seal):
    both = [make_expert(n, specialties=("A080101", "C0101")) for n in range(4)]
    draw = started_draw(
        request_draw,
        clock,
        seal,
        lines=[{"specialty": "A080101", "count": 2}, {"specialty": "C01", "count": 1}],
    )
    first, second = draw.lines.order_by("position")
    assert second.eligible is None  # starts only when the first line is complete
    for inv in first.invitations.all():
        services.invitation_respond(actor=inv.expert.user, invitation=inv, accept=True)
    second.refresh_from_db()
    accepted = set(first.invitations.values_list("expert__expert_code", flat=True))
    assert set(second.eligible) == {e.expert_code for e in both} - accepted
    assert second.invitations.count() == 1


def test_pool_too_small_ends_short_and_tells_the_agency(clock, request_draw, make_expert, seal):
    make_expert(1)
    draw = started_draw(request_draw, clock, seal, lines=[{"specialty": "A080101", "count": 2}])
    inv = draw.lines.get().invitations.get()
    services.invitation_respond(actor=inv.expert.user, invitation=inv, accept=True)
    draw.refresh_from_db()
    assert draw.status == Draw.Status.SHORT
    assert OutboxMessage.objects.filter(kind="draw.short", recipient=draw.requested_by).exists()


def test_late_avoidance_reopens_and_invites_next(clock, request_draw, make_expert, seal, project):
    for n in range(5):
        make_expert(n)
    draw = started_draw(request_draw, clock, seal, lines=[{"specialty": "A080101", "count": 1}])
    inv = draw.lines.get().invitations.get()
    services.invitation_respond(actor=inv.expert.user, invitation=inv, accept=True)
    services.invitation_avoid(actor=project["operator"], invitation=inv, reason="与投标人存在利害关系")
    draw.refresh_from_db()
    assert draw.status == Draw.Status.DRAWING
    assert draw.lines.get().invitations.filter(outcome="pending").count() == 1


def test_unused_uscc_helper():
    assert len(uscc(1)) == 18


def test_avoidance_in_an_earlier_line_is_replaced_while_a_later_line_runs(
    clock, request_draw, make_expert, seal, project
):
    for n in range(6):
        make_expert(n, specialties=("A080101", "C0101"))
    draw = started_draw(
        request_draw,
        clock,
        seal,
        lines=[{"specialty": "A080101", "count": 1}, {"specialty": "C01", "count": 2}],
    )
    first, second = draw.lines.order_by("position")
    inv = first.invitations.get()
    services.invitation_respond(actor=inv.expert.user, invitation=inv, accept=True)
    assert second.invitations.filter(outcome="pending").count() == 2
    services.invitation_avoid(actor=project["operator"], invitation=inv, reason="发现近亲属任职于投标人")
    replacement = first.invitations.get(index=1)
    assert replacement.outcome in ("pending", "avoided")
    draw.refresh_from_db()
    assert draw.current_line == 0 and draw.status == Draw.Status.DRAWING
