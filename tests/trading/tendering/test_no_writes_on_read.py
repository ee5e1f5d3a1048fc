"""Reads never write (ADR 0003): after a deadline a page or API read shows the due state, computed, while the
database is unchanged; the worker, or the explicit step before a write, applies the transition."""

from __future__ import annotations

import datetime as dt

import pytest

from ggzy.core.models import AuditRecord
from ggzy.trading.tendering.models import Section
from ggzy.trading.tendering.selectors import section_due_status
from ggzy.trading.tendering.tasks import due_sections

from .conftest import DEADLINE
from .test_opening import submit_bids

pytestmark = pytest.mark.django_db


def _snapshot(section: Section) -> tuple:
    row = Section.objects.get(pk=section.pk)
    return row.status, row.next_check_at, row.revealed_at, AuditRecord.objects.count()


def test_get_after_the_deadline_writes_nothing_yet_shows_the_due_state(
    published, parties, client_for, clock_at
):
    """Given three sealed bids and the deadline passed (worker not run), when the tender page, the opening page
    and the API are read, then no row changes (status, next check, audit records) and every read shows 开标解密中."""
    section = published.sections.get()
    submit_bids(section, parties["bidders"][:3], ["100.00", "200.00", "300.00"])
    clock_at(DEADLINE + dt.timedelta(minutes=1))
    before = _snapshot(section)
    bidder = client_for(parties["bidders"][0])
    detail = bidder.get(f"/trading/tenders/{published.pk}/").content.decode()
    opening = bidder.get(f"/trading/sections/{section.pk}/opening/").content.decode()
    api = client_for(parties["buyer"]).get(f"/api/v1/tenders/{published.pk}").json()
    assert _snapshot(section) == before
    assert before[0] == "bidding"
    assert "开标解密中" in detail
    assert 'data-testid="opening-status">开标解密中<' in opening and "data-ggzy-open" in opening
    assert api["sections"][0]["status"] == "opening"


def test_too_few_bids_show_as_failed_without_writing(published, parties, client_for, clock_at):
    """Fewer bids than the procedure's minimum: the read shows 流标 but publishes nothing until the worker runs."""
    section = published.sections.get()
    submit_bids(section, parties["bidders"][:1], ["100.00"])
    clock_at(DEADLINE + dt.timedelta(minutes=1))
    before = _snapshot(section)
    api = client_for(parties["buyer"]).get(f"/api/v1/tenders/{published.pk}").json()
    assert api["sections"][0]["status"] == "failed"
    assert _snapshot(section) == before


def test_the_worker_applies_the_due_transition(published, parties, clock_at):
    section = published.sections.get()
    submit_bids(section, parties["bidders"][:3], ["100.00", "200.00", "300.00"])
    clock_at(DEADLINE + dt.timedelta(minutes=1))
    assert due_sections() == 1
    assert Section.objects.get(pk=section.pk).status == "opening"


def test_the_next_write_applies_the_due_transition_first(published, parties, client_for, clock_at):
    """A write (here an opening objection on the page) first applies what is due, then acts on the true state."""
    section = published.sections.get()
    submit_bids(section, parties["bidders"][:3], ["100.00", "200.00", "300.00"])
    clock_at(DEADLINE + dt.timedelta(minutes=1))
    response = client_for(parties["bidders"][0]).post(
        f"/trading/sections/{section.pk}/objection/", {"text": "开标时间与公告不符"}
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.status == "opening"
    assert section.opening_objections.get().text == "开标时间与公告不符"


def test_the_api_write_applies_the_due_transition_first(published, parties, client_for, clock_at):
    section = published.sections.get()
    submit_bids(section, parties["bidders"][:3], ["100.00", "200.00", "300.00"])
    clock_at(DEADLINE + dt.timedelta(minutes=1))
    response = client_for(parties["bidders"][0]).post(
        f"/api/v1/sections/{section.pk}/opening/objections",
        {"text": "开标时间与公告不符"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert Section.objects.get(pk=section.pk).status == "opening"


@pytest.mark.parametrize(("bidders", "minutes"), [(3, 1), (1, 1), (3, 31)])
def test_the_computed_state_is_the_state_the_worker_writes(published, parties, clock_at, bidders, minutes):
    """``section_due_status`` (read) and ``section_apply_due`` (write) agree: opening, 流标, and revealed."""
    section = published.sections.get()
    submit_bids(section, parties["bidders"][:bidders], ["100.00", "200.00", "300.00"][:bidders])
    clock_at(DEADLINE + dt.timedelta(minutes=minutes))
    computed = section_due_status(Section.objects.select_related("tender__procedure_type").get(pk=section.pk))
    due_sections()
    assert Section.objects.get(pk=section.pk).status == computed


def test_the_opening_page_offers_an_objection_only_when_the_service_accepts_it(
    published, parties, client_for, clock_at
):
    """The page and the rule cannot disagree: the day after the opening the section is still 已开标, the page
    no longer offers the objection form (it used to), and the service refuses it (not_at_opening)."""
    section = published.sections.get()
    submit_bids(section, parties["bidders"][:3], ["100.00", "200.00", "300.00"])
    clock_at(DEADLINE + dt.timedelta(minutes=31))
    due_sections()
    bidder = client_for(parties["bidders"][0])
    assert 'name="text"' in bidder.get(f"/trading/sections/{section.pk}/opening/").content.decode()
    clock_at(DEADLINE + dt.timedelta(days=1))
    page = bidder.get(f"/trading/sections/{section.pk}/opening/").content.decode()
    assert f"/trading/sections/{section.pk}/objection/" not in page
    response = bidder.post(
        f"/api/v1/sections/{section.pk}/opening/objections",
        {"text": "迟到的异议"},
        content_type="application/json",
    )
    assert response.status_code == 409 and response.json()["code"] == "not_at_opening"
