"""Registration, document downloads (hidden until the deadline), anonymous questions, clarifications."""

import json

import pytest

from ggzy.core.exceptions import Conflict, Forbidden, InvalidInput
from ggzy.core.legal_rules import cite
from ggzy.hub.publication.models import Notice
from ggzy.trading.tendering import selectors
from ggzy.trading.tendering.models import DocumentDownload, Registration
from ggzy.trading.tendering.services.participation import (
    clarification_issue,
    question_answer,
    question_ask,
    registration_create,
    tender_documents_download,
)

from .conftest import DEADLINE, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered(published, parties):
    section = published.sections.get()
    for user in parties["bidders"][:3]:
        registration_create(actor=user, section=section)
    return section


def test_registration_once_per_entity_and_only_verified_bidders(published, parties):
    section = published.sections.get()
    registration_create(actor=parties["bidders"][0], section=section)
    with pytest.raises(Conflict) as err:
        registration_create(actor=parties["bidders"][0], section=section)
    assert err.value.code == "already_registered"
    with pytest.raises(Forbidden) as err:
        registration_create(actor=parties["unverified"], section=section)
    assert err.value.code == "entity_not_verified"
    with pytest.raises(Forbidden):
        registration_create(actor=parties["buyer"], section=section)
    assert Registration.objects.count() == 1


def test_registration_after_the_deadline_is_refused(published, parties, clock_at):
    clock_at(DEADLINE)
    with pytest.raises(Conflict) as err:
        registration_create(actor=parties["bidders"][0], section=published.sections.get())
    assert err.value.code == "deadline_passed"


def test_download_needs_registration_and_is_logged(registered, parties):
    tender = registered.tender
    with pytest.raises(Forbidden) as err:
        tender_documents_download(actor=parties["bidders"][4], tender=tender)
    assert err.value.code == "not_registered"
    assert "工期" in tender_documents_download(actor=parties["bidders"][0], tender=tender)
    assert DocumentDownload.objects.count() == 1


def test_nobody_sees_downloads_or_registrations_before_the_deadline(
    registered, parties, clock_at, client_for
):
    tender = registered.tender
    tender_documents_download(actor=parties["bidders"][0], tender=tender)
    for role in ("buyer", "operator", "regulator"):
        with pytest.raises(Forbidden) as err:
            selectors.download_log(parties[role], tender)
        assert err.value.code == "hidden_until_deadline"
        with pytest.raises(Forbidden):
            selectors.registrations(parties[role], tender)
    res = client_for(parties["buyer"]).get(f"/api/v1/tenders/{tender.pk}/downloads")
    assert res.status_code == 403 and res.json()["code"] == "hidden_until_deadline"
    body = json.dumps(
        client_for(parties["bidders"][1]).get(f"/api/v1/tenders/{tender.pk}").json(), ensure_ascii=False
    )
    assert parties["bidders"][0].entity.name not in body and parties["bidders"][0].entity.uscc not in body
    clock_at(DEADLINE)
    assert [d.entity for d in selectors.download_log(parties["buyer"], tender)] == [
        parties["bidders"][0].entity
    ]
    assert selectors.registrations(parties["regulator"], tender).count() == 3
    with pytest.raises(Forbidden):
        selectors.download_log(parties["bidders"][1], tender)


def test_questions_are_anonymous_to_the_buyer_and_answers_become_clarifications(
    registered, parties, client_for
):
    tender = registered.tender
    q = question_ask(actor=parties["bidders"][0], tender=tender, text="工期能否调整为300日历天？")
    res = client_for(parties["buyer"]).get(f"/api/v1/tenders/{tender.pk}/questions")
    assert res.status_code == 200
    text = json.dumps(res.json(), ensure_ascii=False)
    assert "工期能否" in text
    asker = parties["bidders"][0].entity
    assert asker.name not in text and asker.uscc not in text and "asker" not in text
    assert (
        client_for(parties["bidders"][1]).get(f"/api/v1/tenders/{tender.pk}/questions").json()["items"] == []
    )
    question_answer(actor=parties["buyer"], question=q, answer="不能调整。")
    notice = Notice.objects.get(kind="amendment")
    assert "不能调整" in notice.body and asker.name not in notice.body


@pytest.mark.legal_rule("条例21")
def test_a_late_clarification_forces_the_deadline_to_move(registered, parties, clock_at):
    tender = registered.tender
    clock_at(at(2026, 3, 12, 10))  # 11 days before the 03-23 deadline
    with pytest.raises(InvalidInput) as err:
        clarification_issue(actor=parties["buyer"], tender=tender, body="第3章工程量清单更正。")
    assert err.value.code == "deadline_must_move"
    assert err.value.details["earliestDate"] == "2026-03-27"  # 03-12 + 15 days, a Friday
    assert err.value.details["rule"] == cite("条例21")
    with pytest.raises(InvalidInput):
        clarification_issue(
            actor=parties["buyer"], tender=tender, body="更正", new_deadline=at(2026, 3, 26, 9, 30)
        )
    clar = clarification_issue(
        actor=parties["buyer"],
        tender=tender,
        body="第3章工程量清单更正。",
        new_deadline=at(2026, 3, 27, 9, 30),
    )
    tender.refresh_from_db()
    assert tender.tender_period_end == at(2026, 3, 27, 9, 30) == clar.new_deadline
    assert tender.opening_at == at(2026, 3, 27, 9, 30)
    assert registered.__class__.objects.get(pk=registered.pk).next_check_at == at(2026, 3, 27, 9, 30)
    assert "2026-03-27 09:30:00" in Notice.objects.get(kind="amendment").body


def test_an_early_clarification_keeps_the_deadline(registered, parties, clock_at):
    clock_at(at(2026, 3, 5, 10))
    clar = clarification_issue(actor=parties["buyer"], tender=registered.tender, body="补充说明。")
    assert clar.new_deadline == clar.old_deadline == DEADLINE


def test_bidders_cannot_clarify_and_buyers_cannot_ask(registered, parties):
    with pytest.raises(Forbidden):
        clarification_issue(actor=parties["bidders"][0], tender=registered.tender, body="x")
    with pytest.raises(Forbidden):
        question_ask(actor=parties["buyer"], tender=registered.tender, text="x")
    assert not Notice.objects.filter(kind="amendment").exists()
