"""Negative tests per role through the API: refused (401/403/404) and nothing changed."""

import pytest

from ggzy.core.models import AuditRecord
from ggzy.hub.publication.models import Notice
from ggzy.trading.tendering.models import Bid, Clarification, Question, Registration, Tender
from ggzy.trading.tendering.services.participation import question_ask, registration_create

pytestmark = pytest.mark.django_db

OUTSIDERS = ["other_buyer", "agency", "operator", "regulator", "unverified"]


def who(parties, name):
    return parties["bidders"][0] if name == "bidder" else parties[name]


@pytest.mark.parametrize("name", ["bidder", "other_buyer", "operator", "regulator"])
def test_only_the_buyer_side_publishes(draft, parties, client_for, name):
    before = AuditRecord.objects.count()
    res = client_for(who(parties, name)).post(f"/api/v1/tenders/{draft.pk}/publish")
    assert res.status_code in (403, 404)
    draft.refresh_from_db()
    assert draft.status == "draft" and not Notice.objects.exists() and AuditRecord.objects.count() == before


@pytest.mark.parametrize("name", ["bidder", "operator", "regulator"])
def test_only_buyers_and_agencies_create_tenders(parties, client_for, name, clock_at):
    from .conftest import DEADLINE, START

    clock_at(START)
    body = {
        "procedureType": "works-open",
        "catalogueCode": "GC01",
        "title": "x",
        "buyer": parties["buyer"].entity.uscc,
        "tenderPeriodEnd": DEADLINE.isoformat(),
        "openingAt": DEADLINE.isoformat(),
        "sections": [{"title": "s", "estimatedPrice": {"amount": 1, "currency": "CNY"}}],
    }
    res = client_for(who(parties, name)).post("/api/v1/tenders", body, content_type="application/json")
    assert res.status_code == 403 and res.json()["code"] == "role_forbidden"
    assert not Tender.objects.exists()


@pytest.mark.parametrize("name", OUTSIDERS + ["buyer"])
def test_only_verified_bidders_register(published, parties, client_for, name):
    section = published.sections.get()
    res = client_for(who(parties, name)).post(f"/api/v1/sections/{section.pk}/registrations")
    assert res.status_code == 403
    assert not Registration.objects.exists()


@pytest.mark.parametrize("name", ["bidder", "other_buyer", "operator", "regulator"])
def test_only_the_buyer_side_clarifies_and_answers(published, parties, client_for, name):
    section = published.sections.get()
    asker = parties["bidders"][1]
    registration_create(actor=asker, section=section)
    q = question_ask(actor=asker, tender=published, text="问题")
    api = client_for(who(parties, name))
    assert api.post(
        f"/api/v1/tenders/{published.pk}/clarifications", {"body": "x"}, content_type="application/json"
    ).status_code in (403, 404)
    assert api.post(
        f"/api/v1/questions/{q.pk}/answer", {"answer": "x"}, content_type="application/json"
    ).status_code in (403, 404)
    assert not Clarification.objects.exists() and Question.objects.get(pk=q.pk).answer == ""


@pytest.mark.parametrize("name", ["buyer", "operator", "regulator", "agency"])
def test_non_bidders_cannot_upload_bids(published, parties, client_for, name):
    section = published.sections.get()
    res = client_for(who(parties, name)).post(
        f"/api/v1/sections/{section.pk}/bids",
        {"envelope": "{}", "manifest": "a.b.c"},
        content_type="application/json",
    )
    assert res.status_code == 403
    assert not Bid.objects.exists()


def test_anonymous_callers_get_401_for_every_write(published, client):
    section = published.sections.get()
    for url in (
        f"/api/v1/tenders/{published.pk}/publish",
        f"/api/v1/sections/{section.pk}/registrations",
        f"/api/v1/sections/{section.pk}/bids",
        "/api/v1/bids/1/key",
        f"/api/v1/sections/{section.pk}/award",
    ):
        assert client.post(url, {}, content_type="application/json").status_code == 401, url
    assert client.delete("/api/v1/bids/1").status_code == 401


@pytest.mark.parametrize("name", ["buyer", "bidder", "operator"])
def test_fingerprints_are_for_regulators_only(published, parties, client_for, clock_at, name):
    from .conftest import DEADLINE

    section = published.sections.get()
    clock_at(DEADLINE)
    assert (
        client_for(who(parties, name)).get(f"/api/v1/sections/{section.pk}/fingerprints").status_code == 403
    )
    assert (
        client_for(parties["regulator"]).get(f"/api/v1/sections/{section.pk}/fingerprints").status_code == 200
    )
