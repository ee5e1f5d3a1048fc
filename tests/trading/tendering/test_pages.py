"""HTML pages per role: render, act through the same services, refuse outsiders."""

import datetime as dt

import pytest

from ggzy.trading.tendering.models import Registration, Tender
from ggzy.trading.tendering.tasks import due_sections

from .conftest import DEADLINE, START
from .test_opening import submit_bids

pytestmark = pytest.mark.django_db


def test_public_list_and_detail_render_and_drafts_stay_private(published, draft, client, parties, client_for):
    assert published.title in client.get("/trading/").content.decode()
    page = client.get(f"/trading/tenders/{published.pk}/").content.decode()
    assert published.code in page and "2026-03-23 09:30:00" in page


def test_buyer_creates_and_publishes_through_the_pages(parties, clock_at, client_for):
    clock_at(START)
    web = client_for(parties["buyer"])
    assert web.get("/trading/new/").status_code == 200
    res = web.post(
        "/trading/new/",
        {
            "procedure_type": "works-open",
            "catalogue_code": "GC01",
            "title": "页面创建的项目",
            "buyer": parties["buyer"].entity.uscc,
            "district": "310115",
            "tender_period_end": "2026-03-23T09:30:00",
            "opening_window_minutes": "30",
            "sections-TOTAL_FORMS": "1",
            "sections-INITIAL_FORMS": "0",
            "sections-0-title": "施工",
            "sections-0-estimated_price": "5000000",
            "sections-0-ceiling_price": "4900000",
        },
    )
    assert res.status_code == 302, res.content.decode()[:2000]
    tender = Tender.objects.get(title="页面创建的项目")
    page = web.get(f"/trading/tenders/{tender.pk}/").content.decode()
    assert "2026-03-23" in page  # the earliest legal deadline shown before publishing
    assert client_for(parties["other_buyer"]).get(f"/trading/tenders/{tender.pk}/").status_code == 404
    web.post(f"/trading/tenders/{tender.pk}/publish/")
    tender.refresh_from_db()
    assert tender.status == "published"


def test_bidder_registers_and_gets_the_sealed_bid_page(published, parties, client_for):
    user = parties["bidders"][0]
    web = client_for(user)
    section = published.sections.get()
    web.post(f"/trading/sections/{section.pk}/register/")
    assert Registration.objects.filter(section=section, entity=user.entity).exists()
    page = web.get(f"/trading/sections/{section.pk}/bid/").content.decode()
    assert "data-ggzy-seal" in page and f'data-section-id="{section.pk}"' in page
    assert "ggzy/bidder/bidder.js" in page and "<script>" not in page
    assert client_for(parties["buyer"]).get(f"/trading/sections/{section.pk}/bid/").status_code == 403


def test_non_managers_cannot_publish_or_clarify_through_pages(draft, parties, client_for):
    for user in (parties["bidders"][0], parties["other_buyer"], parties["regulator"]):
        client_for(user).post(f"/trading/tenders/{draft.pk}/publish/")
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_opening_hall_shows_results_only_after_the_reveal(published, parties, client_for, clock_at, client):
    section = published.sections.get()
    submit_bids(section, parties["bidders"][:3], ["100.00", "200.00", "300.00"])
    clock_at(DEADLINE + dt.timedelta(minutes=1))
    user = parties["bidders"][0]
    page = client_for(user).get(f"/trading/sections/{section.pk}/opening/").content.decode()
    assert "data-ggzy-open" in page and 'data-testid="not-revealed"' in page
    assert parties["bidders"][1].entity.name not in page
    clock_at(DEADLINE + dt.timedelta(minutes=31))
    due_sections()  # the worker writes the reveal; pages never do (ADR 0003)
    page = client.get(f"/trading/sections/{section.pk}/opening/").content.decode()
    assert parties["bidders"][1].entity.name in page and "opening-table" in page
    regulator_page = (
        client_for(parties["regulator"]).get(f"/trading/sections/{section.pk}/opening/").content.decode()
    )
    assert "提交指纹" in regulator_page
    assert (
        "提交指纹"
        not in client_for(parties["buyer"]).get(f"/trading/sections/{section.pk}/opening/").content.decode()
    )
