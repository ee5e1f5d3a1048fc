"""Plain-data forms of rooms, bookings and attendance for the API (times in Asia/Shanghai)."""

from __future__ import annotations

from typing import Any

from ggzy.core import clock

from .models import Attendance, Booking, Room
from .selectors import ScheduleVenue


def _t(moment) -> str | None:
    return moment.astimezone(clock.SHANGHAI).isoformat() if moment else None


def room_dict(room: Room) -> dict[str, Any]:
    return {
        "code": room.code,
        "name": room.name,
        "centre": room.centre,
        "centreLabel": room.get_centre_display(),
        "kind": room.kind,
        "kindLabel": room.get_kind_display(),
        "capacity": room.capacity,
        "equipment": list(room.equipment),
        "isolated": room.isolated,
    }


def booking_dict(booking: Booking) -> dict[str, Any]:
    return {
        "id": booking.pk,
        "room": booking.room.code,
        "roomName": str(booking.room),
        "purpose": booking.purpose,
        "purposeLabel": booking.get_purpose_display(),
        "reference": booking.reference,
        "startsAt": _t(booking.starts_at),
        "endsAt": _t(booking.ends_at),
        "status": booking.status,
        "statusLabel": booking.get_status_display(),
        "mainBookingId": booking.main_booking_id,
        "confirmedAt": _t(booking.confirmed_at),
    }


def attendance_dict(row: Attendance) -> dict[str, Any]:
    return {
        "person": row.person.get_username(),
        "name": row.person.display_name or row.person.get_username(),
        "enteredAt": _t(row.entered_at),
        "leftAt": _t(row.left_at),
        "recordedBy": row.recorded_by.get_username(),
    }


def schedule_dict(day, venues: list[ScheduleVenue]) -> dict[str, Any]:
    return {
        "day": day.isoformat(),
        "venues": [
            {
                "room": room_dict(v.room),
                "sessions": [
                    {
                        "startsAt": _t(r.starts_at),
                        "endsAt": _t(r.ends_at),
                        "purpose": r.purpose,
                        "purposeLabel": r.purpose_label,
                        "reference": r.reference,
                        "title": r.title,
                    }
                    for r in v.rows
                ],
            }
            for v in venues
        ],
    }
