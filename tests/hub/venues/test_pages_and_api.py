"""The 交易日程 (public page and API), the booking API's refusals, and who may see seated experts."""

from __future__ import annotations

import pytest

from ggzy.hub.venues import services
from ggzy.hub.venues.models import Attendance, Booking
from ggzy.hub.venues.references import ReferenceFacts, register_reference_provider
from tests.helpers import client_for

from .conftest import at

pytestmark = pytest.mark.django_db


def _confirmed(people, reference, room="SH-KB01", start=10, purpose="opening"):
    booking = services.booking_create(
        actor=people["agency"],
        room_code=room,
        purpose=purpose,
        reference=reference,
        starts_at=at(1, start),
        ends_at=at(1, start + 1),
    )
    return services.booking_confirm(actor=people["operator"], booking=booking)


@pytest.fixture
def published_ref(people):
    """W-PUB is published, W-DRAFT is not (the provider stands in for tendering)."""
    known = {
        "W-PUB": ReferenceFacts(
            "W-PUB", "某某路改建工程 第1标段", (people["agency"].entity.uscc,), "GC01", None, True
        ),
        "W-DRAFT": ReferenceFacts(
            "W-DRAFT", "保密项目", (people["agency"].entity.uscc,), "GC01", None, False
        ),
    }
    register_reference_provider("test-pages", lambda ref: known.get(ref.upper()))
    yield known
    register_reference_provider("test-pages", lambda ref: None)


def test_schedule_shows_confirmed_openings_by_venue_to_anyone(people, published_ref):
    """交易日程: anonymous visitors see the day's openings by venue; an unpublished project shows no name or code."""
    _confirmed(people, "W-PUB")
    _confirmed(people, "W-DRAFT", room="SH-KB02")
    services.booking_create(
        actor=people["agency"],
        room_code="PD-KB01",
        purpose="opening",
        reference="W-PUB",
        starts_at=at(1, 14),
        ends_at=at(1, 15),
    )  # pending: not on the schedule
    page = client_for().get("/schedule/", {"day": "2026-03-03"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "某某路改建工程 第1标段" in text and "W-PUB" in text and "10:00—11:00" in text
    assert "保密项目" not in text and "W-DRAFT" not in text and "未公开项目" in text
    assert "浦东开标室" not in text
    data = client_for().get("/api/v1/venues/schedule", {"day": "2026-03-03"}).json()
    sessions = [s for v in data["venues"] for s in v["sessions"]]
    assert {s["reference"] for s in sessions} == {"W-PUB", ""}
    assert sessions[0]["startsAt"] == "2026-03-03T10:00:00+08:00"


def test_schedule_api_refuses_a_malformed_day(people):
    response = client_for().get("/api/v1/venues/schedule", {"day": "20260303"})
    assert response.status_code == 422 and response.json()["code"] == "invalid_input"


def test_api_overlap_is_409_room_booked_without_the_other_project(people, published_ref):
    _confirmed(people, "W-DRAFT")
    response = client_for(people["other_agency"]).post(
        "/api/v1/venues/bookings",
        {
            "room": "SH-KB01",
            "purpose": "opening",
            "reference": "EXT-9",
            "startsAt": "2026-03-03T10:30:00+08:00",
            "endsAt": "2026-03-03T12:00:00+08:00",
        },
        content_type="application/json",
    )
    body = response.json()
    assert response.status_code == 409 and body["code"] == "room_booked"
    assert body["details"] == {
        "room": "SH-KB01",
        "startsAt": "2026-03-03T10:00:00+08:00",
        "endsAt": "2026-03-03T11:00:00+08:00",
    }
    assert "W-DRAFT" not in response.content.decode() and "保密项目" not in response.content.decode()


def test_another_agency_cannot_book_for_a_known_section(people, published_ref):
    """Negative: only the section's own agency books rooms for it (others are told it does not exist)."""
    response = client_for(people["other_agency"]).post(
        "/api/v1/venues/bookings",
        {
            "room": "SH-KB01",
            "purpose": "opening",
            "reference": "W-PUB",
            "startsAt": "2026-03-03T10:00:00+08:00",
            "endsAt": "2026-03-03T11:00:00+08:00",
        },
        content_type="application/json",
    )
    assert response.status_code == 404 and response.json()["code"] == "reference_not_found"
    assert not Booking.objects.exists()


def test_booking_page_refusal_re_renders_the_form(people):
    _confirmed(people, "EXT-1")
    response = client_for(people["other_agency"]).post(
        "/venues/bookings/",
        {
            "room": "SH-KB01",
            "purpose": "opening",
            "reference": "EXT-2",
            "starts_at": "2026-03-03T10:30",
            "ends_at": "2026-03-03T11:30",
        },
    )
    assert response.status_code == 422
    assert "2026-03-03 10:00至11:00已被预约" in response.content.decode()


def test_seated_experts_are_seen_only_by_the_operator_on_duty_and_those_seated(people):
    """Finding: experts in an evaluation room are not shown outside it; entries and exits are recorded."""
    booking = _confirmed(people, "EXT-1", room="SH-PB01", start=9, purpose="evaluation")
    services.attendance_enter(actor=people["operator"], booking=booking, person="expert1")
    services.attendance_leave(actor=people["operator"], booking=booking, person="expert1")
    services.attendance_enter(actor=people["operator"], booking=booking, person="expert1")
    url = f"/api/v1/venues/bookings/{booking.pk}/attendance"
    rows = client_for(people["operator"]).get(url).json()["items"]
    assert [(r["person"], r["leftAt"] is None) for r in rows] == [("expert1", False), ("expert1", True)]
    assert client_for(people["expert"]).get(url).status_code == 200
    for who in ("operator2", "agency", "expert2", "bidder"):
        response = client_for(people[who]).get(url)
        assert response.status_code == 404, who
        assert "张专家" not in response.content.decode()
    assert client_for().get(url).status_code == 401
    assert (
        "expert1" not in client_for(people["agency"]).get(f"/venues/bookings/{booking.pk}/").content.decode()
    )


def test_only_the_operator_on_duty_records_entry_and_exit(people):
    booking = _confirmed(people, "EXT-1", room="SH-PB01", start=9, purpose="evaluation")
    response = client_for(people["operator2"]).post(
        f"/api/v1/venues/bookings/{booking.pk}/attendance",
        {"person": "expert1", "action": "enter"},
        content_type="application/json",
    )
    assert response.status_code == 403 and response.json()["code"] == "not_on_duty"
    assert not Attendance.objects.exists()


def test_witness_api_records_and_lists_for_operators_only(people):
    payload = {
        "step": "live_auction",
        "reference": "GP-1",
        "observation": "现场竞价正常。",
        "media": [{"name": "竞价录像.mp4", "sha256": "B" * 64}],
    }
    created = client_for(people["operator"]).post(
        "/api/v1/venues/witness", payload, content_type="application/json"
    )
    assert created.status_code == 201 and created.json()["media"][0]["sha256"] == "b" * 64
    refused = client_for(people["agency"]).post(
        "/api/v1/venues/witness", payload, content_type="application/json"
    )
    assert refused.status_code == 403
    assert client_for(people["agency"]).get("/api/v1/venues/witness").json()["items"] == []
    assert len(client_for(people["operator"]).get("/api/v1/venues/witness").json()["items"]) == 1
