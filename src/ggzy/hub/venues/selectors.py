"""Every read of the venues app that depends on who asks: bookings, who sat in an evaluation room, the
public 交易日程 and the witness records other apps (archives) read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from ggzy.core import clock
from ggzy.core.exceptions import NotFound

from . import rules
from .models import Attendance, Booking, Room, WitnessEntry
from .references import reference_facts
from .witness import witness_entry_dict, witness_entry_intact

# What the public 交易日程 lists: openings and live auctions.
SCHEDULE_PURPOSES = (Booking.Purpose.OPENING, Booking.Purpose.LIVE_AUCTION)


def rooms() -> QuerySet[Room]:
    return Room.objects.filter(active=True).order_by("centre", "code")


def bookings_visible_to(viewer) -> QuerySet[Booking]:
    """Operators see every booking; an agency (or buyer) its own entity's; anybody else none."""
    qs = Booking.objects.select_related("room", "duty_operator").order_by("-starts_at", "-id")
    if rules.is_operator(viewer):
        return qs
    if rules.may_book(viewer):
        return qs.filter(agency_uscc=viewer.entity.uscc)
    return qs.none()


def booking_for(*, viewer, booking_id: int) -> Booking:
    booking = bookings_visible_to(viewer).filter(pk=booking_id).first()
    if booking is None:
        raise NotFound("场所预约不存在或您无权查看", code="booking_not_found")
    return booking


def seated(*, viewer, booking_id: int) -> list[Attendance]:
    """Who entered and left an evaluation room: only its operator on duty and those seated in it see it;
    anybody else is told it does not exist (experts in an evaluation room are not shown outside it)."""
    booking = Booking.objects.filter(pk=booking_id).first()
    if booking is None or not (
        rules.is_on_duty(viewer, booking)
        or (
            getattr(viewer, "is_authenticated", False)
            and Attendance.objects.filter(booking=booking, person_id=viewer.pk).exists()
        )
    ):
        raise NotFound("场次不存在或您无权查看", code="booking_not_found")
    return list(Attendance.objects.filter(booking=booking).select_related("person", "recorded_by"))


@dataclass
class ScheduleRow:
    starts_at: dt.datetime
    ends_at: dt.datetime
    purpose: str
    purpose_label: str
    reference: str  # empty until the project is published
    title: str


@dataclass
class ScheduleVenue:
    room: Room
    rows: list[ScheduleRow] = field(default_factory=list)


def schedule_for_day(day: dt.date) -> list[ScheduleVenue]:
    """The public 交易日程 of ``day`` (Asia/Shanghai): confirmed openings and live auctions by venue. A
    project not yet published shows as 「未公开项目」, never its code or name."""
    start = dt.datetime.combine(day, dt.time.min, tzinfo=clock.SHANGHAI)
    end = start + dt.timedelta(days=1)
    bookings = (
        Booking.objects.select_related("room")
        .filter(
            status=Booking.Status.CONFIRMED,
            purpose__in=SCHEDULE_PURPOSES,
            starts_at__lt=end,
            ends_at__gt=start,
        )
        .order_by("room__centre", "room__code", "starts_at", "id")
    )
    venues: dict[int, ScheduleVenue] = {}
    for booking in bookings:
        facts = reference_facts(booking.reference)
        public = facts is not None and facts.published
        venues.setdefault(booking.room_id, ScheduleVenue(room=booking.room)).rows.append(
            ScheduleRow(
                starts_at=booking.starts_at,
                ends_at=booking.ends_at,
                purpose=booking.purpose,
                purpose_label=booking.get_purpose_display(),
                reference=facts.reference if public else "",
                title=facts.title if public else "未公开项目",
            )
        )
    return list(venues.values())


def witness_entries(*, viewer) -> QuerySet[WitnessEntry]:
    """Witness entries, for operators (the regulators read them through their alerts and the archives)."""
    if not rules.is_operator(viewer):
        return WitnessEntry.objects.none()
    return WitnessEntry.objects.select_related("operator", "booking__room").order_by("-observed_at", "-id")


def witness_records_for(reference: str) -> list[dict[str, Any]]:
    """Every witness entry of ``reference`` (a section or listing code, any letter case), oldest first, as
    plain dicts (``witness.witness_entry_dict`` keys, plus ``intact``: the entry still matches the hash in its
    audit record). For the electronic archives; no viewer check — the caller decides who reads an archive."""
    reference = (reference or "").strip()
    if not reference:
        return []
    entries = WitnessEntry.objects.filter(reference__iexact=reference).select_related(
        "operator", "booking__room"
    )
    return [
        witness_entry_dict(e, intact=witness_entry_intact(e)) for e in entries.order_by("observed_at", "id")
    ]
