"""The booking's one state machine: the agency books (待确认), the operator on duty confirms, either cancels."""

from __future__ import annotations

from ggzy.core.states import StateMachine

from .models import Booking

S = Booking.Status

BOOKING = StateMachine(
    Booking,
    transitions={
        S.PENDING: {S.CONFIRMED, S.CANCELLED},
        S.CONFIRMED: {S.CANCELLED},
    },
    audit_action="venue.booking_moved",
    code="booking_invalid_transition",
    label="场所预约",
)

# Bookings that hold their room (a cancelled one frees it).
BLOCKING_STATUSES = (S.PENDING, S.CONFIRMED)
