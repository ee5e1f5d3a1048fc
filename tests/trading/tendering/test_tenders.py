"""Create and publish tenders: legal periods from the working-day calendar, roles, notices."""

import pytest

from ggzy.core.exceptions import Forbidden, InvalidInput, NotFound
from ggzy.core.legal_rules import cite
from ggzy.core.models import AuditRecord
from ggzy.hub.publication.models import Notice
from ggzy.trading.tendering.models import Section, Tender
from ggzy.trading.tendering.services.tenders import tender_create, tender_publish

from .conftest import DEADLINE, START, at, tender_input

pytestmark = pytest.mark.django_db


def test_publish_codes_tender_and_sections_from_the_project_code(draft, parties):
    """Drafts carry only an internal reference; the public codes are assigned at publication (finding 8)."""
    assert draft.code is None and draft.project.code is None and draft.draft_ref.startswith("DRAFT-")
    assert draft.status == "draft" and draft.sections.get().status == "draft"
    published = tender_publish(actor=parties["buyer"], tender=draft)
    assert len(published.project.code) == 17 and published.project.code.startswith("E310115260302")
    assert published.code == published.project.code + "001"
    assert [s.code for s in published.sections.all()] == [published.code + "001"]


def test_publish_opens_sections_and_publishes_the_tender_notice(published):
    section = published.sections.get()
    assert published.status == "published" and section.status == "bidding"
    assert section.next_check_at == DEADLINE
    notice = Notice.objects.get(kind="tender", source_id=str(published.pk))
    assert published.code in notice.body and notice.district == "310115"
    # works: 5-day sale period from Monday 03-02 ends Saturday 03-07 → rolls to Monday 03-09 (24:00).
    assert published.documents_until == at(2026, 3, 10, 0, 0)
    assert AuditRecord.objects.filter(action="tender.published", target_id=str(published.pk)).exists()


@pytest.mark.legal_rule("法24")
def test_too_early_deadline_is_refused_naming_the_rule_and_the_earliest_date(parties, clock_at):
    clock_at(START)
    tender = tender_create(
        actor=parties["buyer"],
        data=tender_input(parties["buyer"].entity.uscc, deadline=at(2026, 3, 22, 9, 30)),
    )
    with pytest.raises(InvalidInput) as err:
        tender_publish(actor=parties["buyer"], tender=tender)
    assert err.value.code == "deadline_too_early"
    assert err.value.details["earliestDate"] == "2026-03-23"  # 03-22 is a Sunday: rolls to Monday
    assert err.value.details["rule"] == cite("法24")
    tender.refresh_from_db()
    assert tender.status == "draft" and not Notice.objects.exists()


def test_publish_over_national_day_rolls_the_earliest_date(parties, clock_at):
    # Published 2026-09-14: +20 days = 10-04, inside the National Day holiday (10-01..07) → 10-08.
    clock_at(at(2026, 9, 14, 10))
    data = tender_input(parties["buyer"].entity.uscc, deadline=at(2026, 10, 7, 9, 30))
    tender = tender_create(actor=parties["buyer"], data=data)
    with pytest.raises(InvalidInput) as err:
        tender_publish(actor=parties["buyer"], tender=tender)
    assert err.value.details["earliestDate"] == "2026-10-08"


def test_deadline_beyond_known_calendar_is_flagged_estimated(parties, clock_at, client):
    clock_at(at(2026, 12, 20, 10))
    data = tender_input(parties["buyer"].entity.uscc, deadline=at(2027, 1, 11, 9, 30))
    tender = tender_publish(actor=parties["buyer"], tender=tender_create(actor=parties["buyer"], data=data))
    assert tender.deadline_is_estimated
    assert client.get(f"/api/v1/tenders/{tender.pk}").json()["tenderPeriod"]["isEstimated"] is True


def test_gp_sale_period_counts_working_days(parties, clock_at):
    clock_at(at(2026, 2, 13, 10))  # Friday before the Spring Festival
    data = tender_input(parties["buyer"].entity.uscc, procedure="gp-open", deadline=at(2026, 3, 9, 9, 30))
    tender = tender_publish(actor=parties["buyer"], tender=tender_create(actor=parties["buyer"], data=data))
    # 5 working days after 02-13: 02-14 (调休 Saturday), 24, 25, 26, 27 → documents until 02-28 00:00.
    assert tender.documents_until == at(2026, 2, 28, 0, 0)


def test_agency_creates_for_a_buyer_and_only_managers_publish(parties, clock_at):
    clock_at(START)
    tender = tender_create(actor=parties["agency"], data=tender_input(parties["buyer"].entity.uscc))
    assert tender.agency == parties["agency"].entity and tender.buyer == parties["buyer"].entity
    for outsider in (parties["other_buyer"], parties["bidders"][0]):
        with pytest.raises((NotFound, Forbidden)):
            tender_publish(actor=outsider, tender=tender)
    tender.refresh_from_db()
    assert tender.status == "draft"
    tender_publish(actor=parties["buyer"], tender=tender)


def test_buyer_cannot_create_for_another_buyer_and_bidder_cannot_create(parties, clock_at):
    clock_at(START)
    with pytest.raises(Forbidden):
        tender_create(actor=parties["buyer"], data=tender_input(parties["other_buyer"].entity.uscc))
    with pytest.raises(Forbidden):
        tender_create(actor=parties["bidders"][0], data=tender_input(parties["buyer"].entity.uscc))
    assert not Tender.objects.exists() and not Section.objects.exists()


@pytest.mark.legal_rule("法17")
def test_invited_tender_needs_three_invitees_and_only_they_register(parties, clock_at):
    from ggzy.trading.tendering.services.participation import registration_create

    clock_at(START)
    invited = [u.entity.uscc for u in parties["bidders"][:3]]
    data = tender_input(parties["buyer"].entity.uscc, procedure="works-invited", invited=invited[:2])
    with pytest.raises(InvalidInput) as err:
        tender_publish(actor=parties["buyer"], tender=tender_create(actor=parties["buyer"], data=data))
    assert err.value.code == "too_few_invited"
    assert err.value.details["min"] == 3 and "招标投标法第十七条" in err.value.message
    data = tender_input(parties["buyer"].entity.uscc, procedure="works-invited", invited=invited)
    tender = tender_publish(actor=parties["buyer"], tender=tender_create(actor=parties["buyer"], data=data))
    assert Notice.objects.filter(kind="invitation", source_id=str(tender.pk)).exists()
    section = tender.sections.get()
    from django.test import Client

    public = Client().get(f"/api/v1/tenders/{tender.pk}").json()
    assert public["invitedBidders"] == [] and public["invited"] is False
    bidder_view = Client()
    bidder_view.force_login(parties["bidders"][0])
    mine = bidder_view.get(f"/api/v1/tenders/{tender.pk}").json()
    assert mine["invited"] is True and mine["invitedBidders"] == []
    buyer_view = Client()
    buyer_view.force_login(parties["buyer"])
    assert sorted(buyer_view.get(f"/api/v1/tenders/{tender.pk}").json()["invitedBidders"]) == sorted(invited)
    registration_create(actor=parties["bidders"][0], section=section)
    with pytest.raises(Forbidden) as err:
        registration_create(actor=parties["bidders"][4], section=section)
    assert err.value.code == "not_invited"


class TestApi:
    def body(self, buyer_uscc, **over):
        body = {
            "procedureType": "works-open",
            "catalogueCode": "GC01",
            "title": "某学校新建工程施工",
            "buyer": buyer_uscc,
            "tenderPeriodEnd": DEADLINE.isoformat(),
            "openingAt": DEADLINE.isoformat(),
            "openingWindowMinutes": 30,
            "district": "310115",
            "sections": [
                {
                    "title": "施工",
                    "estimatedPrice": {"amount": 5000000, "currency": "CNY"},
                    "ceilingPrice": {"amount": 4900000, "currency": "CNY"},
                }
            ],
        }
        body.update(over)
        return body

    def test_create_publish_and_read_through_the_api(self, parties, clock_at, client_for, client):
        clock_at(START)
        api = client_for(parties["buyer"])
        res = api.post(
            "/api/v1/tenders", self.body(parties["buyer"].entity.uscc), content_type="application/json"
        )
        assert res.status_code == 201, res.content
        tid = res.json()["id"]
        assert client.get(f"/api/v1/tenders/{tid}").status_code == 404  # drafts are not public
        res = api.post(f"/api/v1/tenders/{tid}/publish")
        assert res.status_code == 200, res.content
        body = client.get(f"/api/v1/tenders/{tid}").json()
        assert body["status"] == "published" and body["sections"][0]["status"] == "bidding"
        assert body["sections"][0]["ceilingPrice"] == {"amount": 4900000.0, "currency": "CNY"}

    def test_too_early_deadline_over_the_api(self, parties, clock_at, client_for):
        clock_at(START)
        api = client_for(parties["buyer"])
        early = at(2026, 3, 20, 9, 30).isoformat()
        tid = api.post(
            "/api/v1/tenders",
            self.body(parties["buyer"].entity.uscc, tenderPeriodEnd=early, openingAt=early),
            content_type="application/json",
        ).json()["id"]
        res = api.post(f"/api/v1/tenders/{tid}/publish")
        assert res.status_code == 422
        assert res.json()["code"] == "deadline_too_early"
        assert res.json()["details"]["earliestDate"] == "2026-03-23"

    def test_unknown_catalogue_code_and_anonymous_create_are_refused(
        self, parties, clock_at, client_for, client
    ):
        clock_at(START)
        res = client_for(parties["buyer"]).post(
            "/api/v1/tenders",
            self.body(parties["buyer"].entity.uscc, catalogueCode="NOPE"),
            content_type="application/json",
        )
        assert res.status_code == 422 and res.json()["code"] == "catalogue_entry_not_found"
        res = client.post(
            "/api/v1/tenders", self.body(parties["buyer"].entity.uscc), content_type="application/json"
        )
        assert res.status_code == 401
        assert not Tender.objects.exists()


def test_deadline_check_proposes_the_earliest_legal_date(draft, client_for, parties):
    body = client_for(parties["buyer"]).get(f"/api/v1/tenders/{draft.pk}/deadline-check").json()
    assert body["earliestDeadline"] == {"date": "2026-03-23", "isEstimated": False}
    assert body["clarification"]["earliestDate"] == "2026-03-17"
