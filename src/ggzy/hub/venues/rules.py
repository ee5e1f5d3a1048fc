"""Who may do what with rooms, bookings and witness entries: one predicate each, asked by the services and
the pages alike (templates never compare role or status strings)."""

from __future__ import annotations

from ggzy.parties.roles import Role, holds

from .models import Booking
from .states import BLOCKING_STATUSES, BOOKING

BOOKERS = (Role.AGENCY, Role.BUYER)


def may_book(user) -> bool:
    return holds(user, BOOKERS) and getattr(user, "entity_id", None) is not None


def is_operator(user) -> bool:
    return holds(user, (Role.OPERATOR,))


def may_confirm(user, booking: Booking) -> bool:
    return is_operator(user) and BOOKING.can_move(booking.status, Booking.Status.CONFIRMED)


def may_cancel(user, booking: Booking) -> bool:
    if not BOOKING.can_move(booking.status, Booking.Status.CANCELLED):
        return False
    return is_operator(user) or (holds(user, BOOKERS) and booking.booked_by_id == getattr(user, "pk", None))


def is_on_duty(user, booking: Booking) -> bool:
    """The operator who confirmed the booking is on duty for it."""
    return is_operator(user) and booking.duty_operator_id is not None and booking.duty_operator_id == user.pk


def holds_room(booking: Booking) -> bool:
    return booking.status in BLOCKING_STATUSES
