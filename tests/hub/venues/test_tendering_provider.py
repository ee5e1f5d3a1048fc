"""Tendering tells the venues who may book rooms for its sections and when they open (a provider)."""

from __future__ import annotations

import datetime as dt

import pytest

from ggzy.core.exceptions import InvalidInput, NotFound
from ggzy.hub.venues import services
from ggzy.hub.venues.references import reference_facts
from ggzy.hub.venues.selectors import schedule_for_day
from tests.trading.tendering.conftest import DEADLINE, catalogue, clock_at, draft, parties, published  # noqa: F401

pytestmark = pytest.mark.django_db


def _book(user, section, start, end):
    return services.booking_create(
        actor=user,
        room_code="SH-KB01",
        purpose="opening",
        reference=section.code.lower(),
        starts_at=start,
        ends_at=end,
    )


def test_the_buyer_of_a_published_section_books_around_its_opening(published, parties):  # noqa: F811
    """The provider knows the section: its code (any case), its booker, its opening time; it is then public."""
    section = published.sections.get()
    facts = reference_facts(section.code.lower())
    assert facts.reference == section.code and facts.opening_at == DEADLINE and facts.published
    booking = _book(
        parties["buyer"], section, DEADLINE - dt.timedelta(minutes=30), DEADLINE + dt.timedelta(hours=2)
    )
    assert booking.reference == section.code
    services.booking_confirm(actor=parties["operator"], booking=booking)
    rows = schedule_for_day(DEADLINE.date())[0].rows
    assert rows[0].reference == section.code and published.title in rows[0].title


def test_a_booking_that_misses_the_opening_time_is_refused(published, parties):  # noqa: F811
    section = published.sections.get()
    with pytest.raises(InvalidInput) as refused:
        _book(parties["buyer"], section, DEADLINE + dt.timedelta(hours=1), DEADLINE + dt.timedelta(hours=2))
    assert refused.value.code == "booking_misses_opening" and "2026-03-23 09:30" in refused.value.message


def test_someone_else_cannot_book_for_the_section(published, parties):  # noqa: F811
    """Negative: another buyer is told the section does not exist."""
    section = published.sections.get()
    with pytest.raises(NotFound):
        _book(
            parties["other_buyer"],
            section,
            DEADLINE - dt.timedelta(minutes=30),
            DEADLINE + dt.timedelta(hours=1),
        )
