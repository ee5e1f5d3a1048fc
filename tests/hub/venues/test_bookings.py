"""Rooms are booked by the agency, confirmed by the operator on duty, and never double-booked."""

from __future__ import annotations

import pytest

from ggzy.core.exceptions import Conflict, Forbidden, InvalidInput, NotAuthenticated
from ggzy.core.models import AuditRecord
from ggzy.hub.venues import services
from ggzy.hub.venues.models import Booking, Room

from .conftest import at

pytestmark = pytest.mark.django_db


def _book(user, room="SH-KB01", start=(1, 9), end=(1, 11), purpose="opening", reference="EXT-0001"):
    return services.booking_create(
        actor=user,
        room_code=room,
        purpose=purpose,
        reference=reference,
        starts_at=at(start[0], *start[1:]),
        ends_at=at(end[0], *end[1:]),
    )


def test_rooms_of_the_centre_and_branches_are_seeded(rooms):
    """场所提供: the Shanghai centre and its branches, every kind of room, capacity and equipment."""
    assert {r.centre for r in rooms.values()} == set(Room.Centre.values)
    assert {r.kind for r in rooms.values()} == set(Room.Kind.values)
    evaluation = rooms["SH-PB01"]
    assert evaluation.isolated and evaluation.capacity > 0 and "通讯屏蔽" in evaluation.equipment


def test_agency_books_then_operator_confirms_and_is_on_duty(people):
    """A booking is pending until an operator confirms it; the confirming operator is on duty; both audited."""
    booking = _book(people["agency"])
    assert booking.status == Booking.Status.PENDING
    services.booking_confirm(actor=people["operator"], booking=booking)
    booking.refresh_from_db()
    assert (booking.status, booking.duty_operator) == (Booking.Status.CONFIRMED, people["operator"])
    actions = list(AuditRecord.objects.filter(target_id=str(booking.pk)).values_list("action", flat=True))
    assert actions == ["venue.booked", "venue.booking_confirmed"]


def test_overlapping_booking_is_refused_naming_only_the_time(people):
    """Finding: two bookings of one room may not overlap; the refusal names the other booking's time only."""
    _book(people["agency"], reference="SECRET-PROJECT-1")
    with pytest.raises(Conflict) as refused:
        _book(people["other_agency"], start=(1, 10), end=(1, 12), reference="EXT-0002")
    assert refused.value.code == "room_booked"
    assert "2026-03-03 09:00至11:00" in refused.value.message
    assert refused.value.details["startsAt"] == "2026-03-03T09:00:00+08:00"
    assert "SECRET" not in str(refused.value.as_dict())
    assert Booking.objects.count() == 1


def test_adjacent_and_other_room_bookings_are_allowed(people):
    _book(people["agency"])
    _book(people["agency"], start=(1, 11), end=(1, 12))  # starts when the other ends
    _book(people["agency"], room="SH-KB02", start=(1, 9), end=(1, 11))
    assert Booking.objects.count() == 3


def test_a_cancelled_booking_frees_the_room(people):
    first = _book(people["agency"])
    services.booking_cancel(actor=people["agency"], booking=first, reason="改期")
    again = _book(people["other_agency"], reference="EXT-0002")
    assert again.status == Booking.Status.PENDING


def test_a_confirmed_booking_still_blocks(people):
    first = _book(people["agency"])
    services.booking_confirm(actor=people["operator"], booking=first)
    with pytest.raises(Conflict):
        _book(people["other_agency"], start=(1, 8), end=(1, 9, 30))


def test_room_kind_must_fit_the_purpose(people):
    with pytest.raises(InvalidInput) as refused:
        _book(people["agency"], room="SH-PB01", purpose="opening")
    assert refused.value.code == "room_kind_mismatch"


def test_past_and_inverted_times_are_refused(people):
    with pytest.raises(InvalidInput) as past:
        _book(people["agency"], start=(-1, 9), end=(-1, 10))
    with pytest.raises(InvalidInput) as inverted:
        _book(people["agency"], start=(1, 10), end=(1, 9))
    assert (past.value.code, inverted.value.code) == ("booking_in_past", "booking_ends_before_start")
    assert not Booking.objects.exists()


@pytest.mark.parametrize("who", ["bidder", "expert", "operator"])
def test_only_agencies_and_buyers_book(people, who):
    """Negative: a bidder, an expert or an operator cannot book a room; nothing is written."""
    with pytest.raises(Forbidden):
        _book(people[who])
    assert not Booking.objects.exists()


def test_anonymous_cannot_book(people):
    with pytest.raises(NotAuthenticated):
        _book(None)


def test_only_an_operator_confirms(people):
    booking = _book(people["agency"])
    with pytest.raises(Forbidden):
        services.booking_confirm(actor=people["agency"], booking=booking)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.PENDING


def test_remote_seats_point_to_the_main_venue_of_one_evaluation(people):
    main = _book(people["agency"], room="SH-PB01", purpose="evaluation", start=(2, 9), end=(2, 17))
    seat = services.booking_create(
        actor=people["agency"],
        room_code="PD-YC01",
        purpose="remote_evaluation",
        reference="EXT-0001",
        starts_at=at(2, 9),
        ends_at=at(2, 17),
        main_booking_id=main.pk,
    )
    assert seat.main_booking == main
    with pytest.raises(InvalidInput) as refused:
        services.booking_create(
            actor=people["other_agency"],
            room_code="SH-YC01",
            purpose="remote_evaluation",
            reference="EXT-0001",
            starts_at=at(2, 9),
            ends_at=at(2, 17),
            main_booking_id=main.pk,
        )
    assert refused.value.code == "main_booking_required"
