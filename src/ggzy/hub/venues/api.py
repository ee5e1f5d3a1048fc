"""JSON API for rooms, bookings, the evaluation room's entry/exit log, the public 交易日程 and witness
entries. Only translates HTTP ↔ services/selectors."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Router, Schema, Status

from ggzy.core import clock
from ggzy.core.api_types import IsoDate
from ggzy.core.exceptions import InvalidInput
from ggzy.parties.auth import API_AUTH

from . import selectors, services
from .presenters import attendance_dict, booking_dict, room_dict, schedule_dict
from .witness import witness_entry_dict

router = Router(tags=["venues"])

LIST_LIMIT = 200


class BookingIn(Schema):
    room: str
    purpose: str
    reference: str
    startsAt: dt.datetime
    endsAt: dt.datetime
    mainBookingId: int | None = None


class BookingCancelIn(Schema):
    reason: str = ""


class AttendanceIn(Schema):
    person: str
    action: Literal["enter", "leave"]


class MediaIn(Schema):
    name: str
    sha256: str


class WitnessIn(Schema):
    step: str
    reference: str = ""
    bookingId: int | None = None
    observation: str
    anomalies: str = ""
    media: list[MediaIn] = []
    observedAt: dt.datetime | None = None


@router.get("/venues/rooms")
def venue_rooms(request):
    return {"items": [room_dict(r) for r in selectors.rooms()]}


@router.get("/venues/schedule")
def venue_schedule(request, day: IsoDate | None = None):
    """The public 交易日程 of ``day`` (default: today in Asia/Shanghai): openings and live auctions by venue."""
    day = day or clock.today()
    return schedule_dict(day, selectors.schedule_for_day(day))


@router.get("/venues/bookings", auth=API_AUTH)
def venue_bookings(request):
    return {"items": [booking_dict(b) for b in selectors.bookings_visible_to(request.auth)[:LIST_LIMIT]]}


@router.post("/venues/bookings", auth=API_AUTH, response={201: dict})
def venue_booking_create(request, payload: BookingIn):
    booking = services.booking_create(
        actor=request.auth,
        room_code=payload.room,
        purpose=payload.purpose,
        reference=payload.reference,
        starts_at=payload.startsAt,
        ends_at=payload.endsAt,
        main_booking_id=payload.mainBookingId,
    )
    return Status(201, booking_dict(booking))


@router.post("/venues/bookings/{booking_id}/confirm", auth=API_AUTH)
def venue_booking_confirm(request, booking_id: int):
    booking = selectors.booking_for(viewer=request.auth, booking_id=booking_id)
    return booking_dict(services.booking_confirm(actor=request.auth, booking=booking))


@router.post("/venues/bookings/{booking_id}/cancel", auth=API_AUTH)
def venue_booking_cancel(request, booking_id: int, payload: BookingCancelIn):
    booking = selectors.booking_for(viewer=request.auth, booking_id=booking_id)
    return booking_dict(services.booking_cancel(actor=request.auth, booking=booking, reason=payload.reason))


@router.get("/venues/bookings/{booking_id}/attendance", auth=API_AUTH)
def venue_attendance(request, booking_id: int):
    """Who entered and left the evaluation room: its operator on duty and those seated in it only (else 404)."""
    return {
        "items": [attendance_dict(a) for a in selectors.seated(viewer=request.auth, booking_id=booking_id)]
    }


@router.post("/venues/bookings/{booking_id}/attendance", auth=API_AUTH)
def venue_attendance_record(request, booking_id: int, payload: AttendanceIn):
    booking = selectors.booking_for(viewer=request.auth, booking_id=booking_id)
    record = services.attendance_enter if payload.action == "enter" else services.attendance_leave
    return attendance_dict(record(actor=request.auth, booking=booking, person=payload.person))


@router.post("/venues/witness", auth=API_AUTH, response={201: dict})
def venue_witness_record(request, payload: WitnessIn):
    booking = None
    if payload.bookingId is not None:
        booking = selectors.booking_for(viewer=request.auth, booking_id=payload.bookingId)
    if payload.observedAt is not None and payload.observedAt.tzinfo is None:
        raise InvalidInput("时间须包含时区", code="naive_datetime", details={"field": "observedAt"})
    entry = services.witness_record(
        actor=request.auth,
        step=payload.step,
        reference=payload.reference,
        observation=payload.observation,
        anomalies=payload.anomalies,
        media=[m.model_dump() for m in payload.media],
        observed_at=payload.observedAt,
        booking=booking,
    )
    return Status(201, witness_entry_dict(entry))


@router.get("/venues/witness", auth=API_AUTH)
def venue_witness_list(request, reference: str = ""):
    entries = selectors.witness_entries(viewer=request.auth)
    if reference.strip():
        entries = entries.filter(reference__iexact=reference.strip())
    return {"items": [witness_entry_dict(e) for e in entries[:LIST_LIMIT]]}
