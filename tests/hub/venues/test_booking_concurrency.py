"""PostgreSQL: simultaneous bookings of one room never overlap (the exclusion constraint decides)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from ggzy.core.exceptions import Conflict
from ggzy.hub.venues import services
from ggzy.hub.venues.models import Booking
from tests.helpers import race

from .conftest import at

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (concurrent transactions)")


def _booker(user, start, end, reference):
    return lambda: services.booking_create(
        actor=user,
        room_code="SH-KB01",
        purpose="opening",
        reference=reference,
        starts_at=at(1, *start),
        ends_at=at(1, *end),
    )


def test_simultaneous_overlapping_bookings_one_wins_the_others_are_told_the_time(people):
    """Finding: eight agencies book overlapping slots of one room at the same instant: exactly one booking is
    stored, every other request gets 409 room_booked naming the winner's time."""
    users = [people["agency"], people["other_agency"]] * 4
    results = race(*[_booker(u, (9, i), (11, i), f"EXT-{i:04d}") for i, u in enumerate(users)])
    won = [r for r in results if isinstance(r, Booking)]
    refused = [r for r in results if isinstance(r, Conflict)]
    assert len(won) == 1 and len(refused) == 7, results
    assert {r.code for r in refused} == {"room_booked"}
    assert Booking.objects.count() == 1
    winner = Booking.objects.get()
    assert all(
        r.details["startsAt"] == winner.starts_at.astimezone(at(0, 0).tzinfo).isoformat() for r in refused
    )


def test_the_database_itself_refuses_an_overlap_written_past_the_service(people):
    """The guarantee is the exclusion constraint, not the service's check: a direct insert is refused too,
    a cancelled booking does not block."""
    first = _booker(people["agency"], (9, 0), (11, 0), "EXT-0001")()
    common = {
        "room": first.room,
        "purpose": "opening",
        "reference": "EXT-0002",
        "booked_by": people["agency"],
        "agency_uscc": "x",
        "created_at": first.created_at,
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(starts_at=at(1, 10), ends_at=at(1, 12), **common)
    Booking.objects.create(starts_at=at(1, 10), ends_at=at(1, 12), status=Booking.Status.CANCELLED, **common)
    assert Booking.objects.count() == 2
