"""Every write of the venues app: bookings (book, confirm, cancel), the evaluation room's entry/exit log and
witness entries. Each is atomic and writes its audit record in the same transaction."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, transaction

from ggzy.core import audit, clock
from ggzy.core.exceptions import Conflict, Forbidden, InvalidInput, NotFound
from ggzy.parties.models import User
from ggzy.parties.permissions import require_role
from ggzy.parties.roles import Role

from . import rules
from .models import Attendance, Booking, Room, WitnessEntry
from .references import reference_facts
from .signals import witness_anomaly_recorded
from .states import BLOCKING_STATUSES, BOOKING
from .witness import entry_hash, witness_entry_dict

P = Booking.Purpose
K = Room.Kind
# The kinds of room each purpose may take.
ROOM_KINDS = {
    P.OPENING: {K.OPENING_HALL},
    P.EVALUATION: {K.EVALUATION_ROOM},
    P.REMOTE_EVALUATION: {K.REMOTE_SEAT},
    P.LIVE_AUCTION: {K.AUCTION_HALL, K.OPENING_HALL},
}
EVALUATION_PURPOSES = (P.EVALUATION, P.REMOTE_EVALUATION)
TEXT_MAX = 4000
MEDIA_MAX = 20
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(clock.SHANGHAI)


def _span_text(starts: dt.datetime, ends: dt.datetime) -> str:
    s, e = _local(starts), _local(ends)
    end = f"{e:%H:%M}" if s.date() == e.date() else f"{e:%Y-%m-%d %H:%M}"
    return f"{s:%Y-%m-%d %H:%M}至{end}"


def _room_booked(conflict: Booking) -> Conflict:
    # Names the time only: the other booking's project may not be published yet.
    return Conflict(
        f"该场所在{_span_text(conflict.starts_at, conflict.ends_at)}已被预约，请另选时间或场所",
        code="room_booked",
        details={
            "room": conflict.room.code,
            "startsAt": _local(conflict.starts_at).isoformat(),
            "endsAt": _local(conflict.ends_at).isoformat(),
        },
    )


def _conflict(room: Room, starts: dt.datetime, ends: dt.datetime) -> Booking | None:
    return (
        Booking.objects.select_related("room")
        .filter(room=room, status__in=BLOCKING_STATUSES, starts_at__lt=ends, ends_at__gt=starts)
        .order_by("starts_at")
        .first()
    )


def _take_room_lock(room: Room) -> None:
    """SQLite: write first, so the check and the insert run under the database's one write lock (a second
    booking waits here until the first commits). PostgreSQL needs no lock: its exclusion constraint refuses
    the overlapping insert (``migrations/0002``)."""
    if transaction.get_connection().vendor != "postgresql":
        Room.objects.filter(pk=room.pk).update(active=True)


def _check_times(starts: dt.datetime, ends: dt.datetime) -> None:
    if starts.tzinfo is None or ends.tzinfo is None:
        raise InvalidInput("时间须包含时区", code="naive_datetime", details={"field": "startsAt"})
    if ends <= starts:
        raise InvalidInput(
            "结束时间须晚于开始时间", code="booking_ends_before_start", details={"field": "endsAt"}
        )
    if starts < clock.now():
        raise InvalidInput("不能预约已过去的时间", code="booking_in_past", details={"field": "startsAt"})


def booking_create(
    *,
    actor,
    room_code: str,
    purpose: str,
    reference: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    main_booking_id: int | None = None,
) -> Booking:
    """The agency (or a self-tendering buyer) books ``room_code`` for a section's opening or evaluation, or a
    listing's live session. Pending until the operator on duty confirms; refused (409 ``room_booked``,
    naming only the other booking's time) when the room is taken then."""
    require_role(actor, *rules.BOOKERS)
    if actor.entity_id is None:
        raise Forbidden("请先完成主体登记", code="entity_required")
    if purpose not in P.values:
        raise InvalidInput("预约用途不正确", code="booking_purpose_unknown", details={"field": "purpose"})
    _check_times(starts_at, ends_at)
    room = Room.objects.filter(code=(room_code or "").strip(), active=True).first()
    if room is None:
        raise InvalidInput("场所不存在或已停用", code="room_unknown", details={"field": "room"})
    if room.kind not in ROOM_KINDS[P(purpose)]:
        raise InvalidInput(
            f"{room.get_kind_display()}不能用于{P(purpose).label}",
            code="room_kind_mismatch",
            details={"field": "room", "kind": room.kind},
        )
    reference = (reference or "").strip()
    if not reference or len(reference) > 40:
        raise InvalidInput(
            "请填写标段或挂牌编号（不超过40个字符）",
            code="reference_required",
            details={"field": "reference"},
        )
    uscc = actor.entity.uscc
    facts = reference_facts(reference)
    if facts is not None:
        if uscc not in facts.agency_usccs:
            raise NotFound("项目不存在或您无权为其预约场所", code="reference_not_found")
        reference = facts.reference
        if purpose == P.OPENING and facts.opening_at and not (starts_at <= facts.opening_at < ends_at):
            opening = _local(facts.opening_at)
            raise InvalidInput(
                f"开标场所的预约时段须包含开标时间 {opening:%Y-%m-%d %H:%M}",
                code="booking_misses_opening",
                details={"field": "startsAt", "openingAt": opening.isoformat()},
            )
    main = None
    if purpose == P.REMOTE_EVALUATION:
        main = _main_booking(main_booking_id, reference=reference, uscc=uscc)
    elif main_booking_id is not None:
        raise InvalidInput(
            "仅远程异地评标席位需指定主会场",
            code="main_booking_unexpected",
            details={"field": "mainBookingId"},
        )
    with transaction.atomic():
        _take_room_lock(room)
        conflict = _conflict(room, starts_at, ends_at)
        if conflict is not None:
            raise _room_booked(conflict)
        try:
            with transaction.atomic():
                booking = Booking.objects.create(
                    room=room,
                    purpose=purpose,
                    reference=reference,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    main_booking=main,
                    booked_by=actor,
                    agency_uscc=uscc,
                    created_at=clock.now(),
                )
        except IntegrityError:
            # PostgreSQL: a concurrent booking committed first and the exclusion constraint refused this one.
            conflict = _conflict(room, starts_at, ends_at)
            if conflict is None:
                raise
            raise _room_booked(conflict) from None
        audit.record(
            actor=actor,
            action="venue.booked",
            target=booking,
            payload={
                "room": room.code,
                "purpose": purpose,
                "reference": reference,
                "startsAt": starts_at,
                "endsAt": ends_at,
                "mainBooking": main.pk if main else None,
            },
        )
    return booking


def _main_booking(main_booking_id: int | None, *, reference: str, uscc: str) -> Booking:
    main = (
        Booking.objects.filter(
            pk=main_booking_id, agency_uscc=uscc, purpose=P.EVALUATION, status__in=BLOCKING_STATUSES
        ).first()
        if main_booking_id is not None
        else None
    )
    if main is None:
        raise InvalidInput(
            "远程异地评标须指定本单位已预约的评标主会场",
            code="main_booking_required",
            details={"field": "mainBookingId"},
        )
    if main.reference != reference:
        raise InvalidInput(
            "远程席位与主会场须属于同一标段",
            code="main_booking_other_reference",
            details={"field": "mainBookingId"},
        )
    return main


def booking_confirm(*, actor, booking: Booking) -> Booking:
    """The operator confirming a booking becomes its operator on duty."""
    require_role(actor, Role.OPERATOR)
    booking.duty_operator, booking.confirmed_at = actor, clock.now()
    BOOKING.move(
        booking,
        Booking.Status.CONFIRMED,
        actor=actor,
        extra_fields=["duty_operator", "confirmed_at"],
        audit_action="venue.booking_confirmed",
    )
    return booking


def booking_cancel(*, actor, booking: Booking, reason: str = "") -> Booking:
    require_role(actor, Role.OPERATOR, *rules.BOOKERS)
    if not rules.is_operator(actor) and booking.booked_by_id != actor.pk:
        raise NotFound()
    BOOKING.move(
        booking,
        Booking.Status.CANCELLED,
        actor=actor,
        reason=(reason or "").strip()[:200] or None,
        audit_action="venue.booking_cancelled",
    )
    return booking


def _evaluation_on_duty(actor, booking: Booking) -> None:
    require_role(actor, Role.OPERATOR)
    if not rules.is_on_duty(actor, booking):
        raise Forbidden("仅该场次的值班工作人员可以登记进出", code="not_on_duty")
    if booking.purpose not in EVALUATION_PURPOSES or booking.status != Booking.Status.CONFIRMED:
        raise Conflict("仅已确认的评标场次可以登记进出", code="attendance_not_evaluation")


def _person(username: str) -> User:
    person = User.objects.filter(username=(username or "").strip(), is_active=True).first()
    if person is None:
        raise InvalidInput("人员账号不存在", code="person_unknown", details={"field": "person"})
    return person


def attendance_enter(*, actor, booking: Booking, person: str) -> Attendance:
    """The operator on duty records that ``person`` (a username) entered the evaluation room."""
    _evaluation_on_duty(actor, booking)
    who = _person(person)
    with transaction.atomic():
        Booking.objects.select_for_update().filter(pk=booking.pk).get()
        if Attendance.objects.filter(booking=booking, person=who, left_at__isnull=True).exists():
            raise Conflict("该人员已在场内", code="already_inside")
        row = Attendance.objects.create(
            booking=booking, person=who, entered_at=clock.now(), recorded_by=actor
        )
        audit.record(
            actor=actor, action="venue.entered", target=row, payload={"booking": booking.pk, "person": who.pk}
        )
    return row


def attendance_leave(*, actor, booking: Booking, person: str) -> Attendance:
    _evaluation_on_duty(actor, booking)
    who = _person(person)
    with transaction.atomic():
        row = (
            Attendance.objects.select_for_update()
            .filter(booking=booking, person=who, left_at__isnull=True)
            .first()
        )
        if row is None:
            raise Conflict("该人员不在场内", code="not_inside")
        row.left_at = clock.now()
        row.save(update_fields=["left_at"])
        audit.record(
            actor=actor, action="venue.left", target=row, payload={"booking": booking.pk, "person": who.pk}
        )
    return row


def _clean_media(media: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    cleaned = []
    for index, item in enumerate(media or ()):
        name = str(item.get("name") or "").strip()
        digest = str(item.get("sha256") or "").strip().lower()
        if not name or len(name) > 200:
            raise InvalidInput(
                "请填写音视频资料名称（不超过200个字符）",
                code="media_name_required",
                details={"field": f"media.{index}.name"},
            )
        if not _SHA256.fullmatch(digest):
            raise InvalidInput(
                "SHA-256 摘要应为64位十六进制数",
                code="media_sha256_invalid",
                details={"field": f"media.{index}.sha256"},
            )
        cleaned.append({"name": name, "sha256": digest})
    if len(cleaned) > MEDIA_MAX:
        raise InvalidInput(f"音视频资料最多{MEDIA_MAX}项", code="media_too_many", details={"field": "media"})
    return cleaned


def _clean_text(value: str | None, *, field: str, label: str, required: bool) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(f"请填写{label}", code=f"{field}_required", details={"field": field})
    if len(value) > TEXT_MAX:
        raise InvalidInput(f"{label}不超过{TEXT_MAX}字", code=f"{field}_too_long", details={"field": field})
    return value


def witness_record(
    *,
    actor,
    step: str,
    reference: str = "",
    observation: str,
    anomalies: str = "",
    media: Iterable[Mapping[str, Any]] = (),
    observed_at: dt.datetime | None = None,
    booking: Booking | None = None,
) -> WitnessEntry:
    """The operator on duty records one witnessed step; the entry's SHA-256 goes into the audit chain, and
    an anomaly is announced (``witness_anomaly_recorded``) so supervision alerts the category's regulator."""
    require_role(actor, Role.OPERATOR)
    if step not in WitnessEntry.Step.values:
        raise InvalidInput("见证环节不正确", code="witness_step_unknown", details={"field": "step"})
    if booking is not None:
        if not rules.is_on_duty(actor, booking):
            raise Forbidden("仅该场次的值班工作人员可以登记见证记录", code="not_on_duty")
        reference = booking.reference
    reference = (reference or "").strip()
    if not reference or len(reference) > 40:
        raise InvalidInput(
            "请填写标段或挂牌编号（不超过40个字符）",
            code="reference_required",
            details={"field": "reference"},
        )
    observation = _clean_text(observation, field="observation", label="见证情况", required=True)
    anomalies = _clean_text(anomalies, field="anomalies", label="异常情况", required=False)
    cleaned_media = _clean_media(media)
    now = clock.now()
    observed_at = observed_at or now
    if observed_at.tzinfo is None:
        raise InvalidInput("时间须包含时区", code="naive_datetime", details={"field": "observedAt"})
    if observed_at > now:
        raise InvalidInput(
            "见证时间不能晚于当前时间", code="witness_in_future", details={"field": "observedAt"}
        )
    facts = reference_facts(reference)
    if facts is not None:
        reference = facts.reference
    with transaction.atomic():
        entry = WitnessEntry(
            step=step,
            reference=reference,
            booking=booking,
            catalogue_code=facts.catalogue_code if facts else "",
            operator=actor,
            observed_at=observed_at,
            observation=observation,
            anomalies=anomalies,
            media=cleaned_media,
            recorded_at=now,
        )
        entry.entry_hash = entry_hash(entry)
        entry.save(force_insert=True)
        audit.record(
            actor=actor,
            action="witness.recorded",
            target=entry,
            payload={
                "entryHash": entry.entry_hash,
                "step": step,
                "reference": reference,
                "media": [m["sha256"] for m in cleaned_media],
                "anomaly": bool(anomalies),
            },
        )
        if anomalies:
            witness_anomaly_recorded.send(sender=WitnessEntry, entry=witness_entry_dict(entry))
    return entry
