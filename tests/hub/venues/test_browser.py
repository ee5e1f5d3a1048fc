"""In Debian's Chromium: an agency books an opening hall, the operator confirms it, the public 交易日程 shows it
(also on a 390 px phone), and the operator on duty records a witness entry."""

from __future__ import annotations

import pytest

from ggzy.hub.venues.models import Booking, WitnessEntry
from tests.browser_support import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, username):
    page.goto(page.base + "/login/")
    page.locator("main input[name=username]").fill(username)
    page.locator("main input[name=password]").fill("x-Secret-123")
    page.locator("main form.stacked button[type=submit]").click()
    page.wait_for_load_state()


def test_book_an_opening_see_it_scheduled_and_witness_it(page, phone_page, people):
    login(page, "agency")
    page.goto(page.base + "/venues/bookings/")
    page.select_option("#id_room", "SH-KB01")
    page.select_option("#id_purpose", "opening")
    page.fill("#id_reference", "EXT-2026-001")
    page.fill("#id_starts_at", "2026-03-03T09:30")
    page.fill("#id_ends_at", "2026-03-03T11:00")
    page.click("[data-testid=book-room]")
    page.wait_for_load_state()
    booking = Booking.objects.get()
    assert page.inner_text("[data-testid=booking-status]") == "待确认"

    page.context.clear_cookies()
    login(page, "operator")
    page.goto(page.base + f"/venues/bookings/{booking.pk}/")
    page.click("[data-testid=confirm-booking]")
    page.wait_for_load_state()
    assert page.inner_text("[data-testid=booking-status]") == "已确认"

    phone_page.goto(phone_page.base + "/schedule/?day=2026-03-03")
    venue = phone_page.locator("[data-testid=schedule-venue]")
    assert "第一开标室" in venue.inner_text() and "09:30—11:00" in venue.inner_text()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(phone_page, "venues-schedule-phone")

    page.click("[data-testid=witness-link]")
    page.wait_for_load_state()
    page.select_option("#id_step", "opening")
    page.fill("#id_observation", "开标按时进行，投标人代表在场，解密顺利。")
    page.fill("#id_media_name", "开标录像.mp4")
    page.fill("#id_media_sha256", "c" * 64)
    page.click("[data-testid=record-witness]")
    page.wait_for_load_state()
    entry = WitnessEntry.objects.get()
    assert (entry.reference, entry.booking_id, entry.operator.username) == (
        "EXT-2026-001",
        booking.pk,
        "operator",
    )
    assert "开标按时进行" in page.locator("[data-testid=witness-entry]").inner_text()
    shot(page, "venues-witness")
