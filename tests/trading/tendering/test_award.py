"""After evaluation: candidate publicity (objections pause), award with a signed notice, contract, performance."""

import datetime as dt

import pytest

from ggzy.core.crypto.platform_keys import verify_platform_jws
from ggzy.core.exceptions import Conflict, Forbidden, InvalidInput
from ggzy.core.legal_rules import cite
from ggzy.hub.publication.models import Notice
from ggzy.trading.tendering.models import Contract, ContractAlert
from ggzy.trading.tendering.services.award import (
    award_decide,
    contract_sign,
    evaluation_report_accept,
    performance_record_add,
    publicity_objection_answer,
    publicity_objection_raise,
)
from ggzy.trading.tendering.services.opening import bid_key_submit
from ggzy.trading.tendering.tasks import due_contracts, due_sections

from .conftest import DEADLINE, at, cek_for
from .test_opening import submit_bids

pytestmark = pytest.mark.django_db


@pytest.fixture
def opened(published, parties, clock_at):
    section = published.sections.get()
    users = parties["bidders"][:3]
    bids = submit_bids(section, users, ["11500000.00", "11200000.00", "11700000.00"])
    clock_at(DEADLINE + dt.timedelta(minutes=1))
    due_sections()
    for user in users:
        bid, sealed = bids[user.username]
        bid_key_submit(actor=user, bid=bid, cek=cek_for(user, sealed["envelope"]))
    section.refresh_from_db()
    assert section.status == "opened"
    return section, {u.username: bids[u.username][0] for u in users}


def report(bids, *order):
    return {
        "candidates": [
            {"bidId": bids[name].pk, "rank": i, "score": f"{95 - i}"} for i, name in enumerate(order, start=1)
        ],
        "committee": ["签名略"],
    }


def test_full_path_publicity_award_contract_performance(opened, parties, clock_at, client_for):
    section, bids = opened
    clock_at(at(2026, 3, 25, 10))  # Wednesday
    evaluation_report_accept(
        actor=None, section=section, report=report(bids, "bidder2", "bidder1", "bidder3")
    )
    section.refresh_from_db()
    assert section.status == "publicity"
    # 3 days from 03-25 end on Saturday 03-28 → rolls to Monday 03-30, over at 24:00.
    assert section.publicity_end == at(2026, 3, 31, 0, 0)
    assert Notice.objects.filter(kind="candidates").count() == 1
    with pytest.raises(Conflict):
        award_decide(actor=parties["buyer"], section=section, bid=bids["bidder2"])
    clock_at(at(2026, 3, 30, 23, 59, 59))
    assert due_sections() == 0
    clock_at(at(2026, 3, 31, 0, 0))
    assert due_sections() == 1
    section.refresh_from_db()
    assert section.status == "award_pending"
    with pytest.raises(Forbidden):
        award_decide(actor=parties["other_buyer"], section=section, bid=bids["bidder2"])
    award = award_decide(actor=parties["buyer"], section=section, bid=bids["bidder2"])
    claims = verify_platform_jws(award.notice_jws)
    assert claims["winner"] == parties["bidders"][1].entity.uscc and claims["amount"] == "11200000.00"
    contract = Contract.objects.get(section=section)
    assert contract.due_date == dt.date(2026, 4, 30)  # 30 days after 03-31
    loser = verify_platform_jws(
        client_for(parties["bidders"][0]).get(f"/api/v1/sections/{section.pk}/my-result").json()["jws"]
    )
    assert loser["awarded"] is False and loser["winner"] == parties["bidders"][1].entity.uscc
    assert client_for(parties["bidders"][1]).get(f"/api/v1/sections/{section.pk}/my-result").json()["awarded"]
    assert (
        client_for(parties["bidders"][4]).get(f"/api/v1/sections/{section.pk}/my-result").status_code == 404
    )
    assert Notice.objects.filter(kind="award").count() == 1
    with pytest.raises(Forbidden):
        contract_sign(actor=parties["bidders"][0], contract=contract)
    contract_sign(actor=parties["buyer"], contract=contract)
    with pytest.raises(Conflict):
        contract_sign(actor=parties["buyer"], contract=contract)
    contract_sign(actor=parties["bidders"][1], contract=contract)
    contract.refresh_from_db()
    section.refresh_from_db()
    assert contract.status == "signed" and section.status == "contracted"
    assert Notice.objects.filter(kind="contract").count() == 1
    performance_record_add(
        actor=parties["buyer"],
        contract=contract,
        kind="acceptance",
        description="竣工验收合格",
        on_date=dt.date(2027, 3, 1),
        amount="11200000.00",
    )
    assert Notice.objects.filter(kind="performance").count() == 1
    clock_at(at(2026, 5, 1, 10))
    assert due_contracts() == 0 and not ContractAlert.objects.exists()


def test_objection_pauses_the_publicity_until_answered(opened, parties, clock_at):
    section, bids = opened
    clock_at(at(2026, 3, 25, 10))
    evaluation_report_accept(actor=None, section=section, report=report(bids, "bidder2", "bidder1"))
    objection = publicity_objection_raise(actor=parties["bidders"][0], section=section, text="第一名业绩造假")
    section.refresh_from_db()
    assert section.status == "paused"
    with pytest.raises(Forbidden):
        publicity_objection_raise(actor=parties["bidders"][4], section=section, text="x")
    clock_at(at(2026, 4, 1, 10))
    due_sections()
    section.refresh_from_db()
    assert section.status == "paused"  # publicity over, but the objection is not answered yet
    publicity_objection_answer(actor=parties["buyer"], objection=objection, answer="经核查，业绩真实。")
    section.refresh_from_db()
    assert section.status == "award_pending"


@pytest.mark.legal_rule("法46")
def test_unsigned_contract_raises_one_overdue_alert(opened, parties, clock_at):
    section, bids = opened
    clock_at(at(2026, 3, 25, 10))
    evaluation_report_accept(actor=None, section=section, report=report(bids, "bidder1"))
    clock_at(at(2026, 3, 31, 1))
    due_sections()
    with pytest.raises(InvalidInput):
        award_decide(actor=parties["buyer"], section=section, bid=bids["bidder2"])  # not a candidate
    award_decide(actor=parties["buyer"], section=section, bid=bids["bidder1"])
    clock_at(at(2026, 4, 30, 23, 59))
    assert due_contracts() == 0
    clock_at(at(2026, 5, 1, 0, 0))
    assert due_contracts() == 1
    assert due_contracts() == 0
    alert = ContractAlert.objects.get()
    assert alert.code == "contract_overdue" and cite("法46") in alert.message


def test_report_must_name_valid_bids_of_the_section_within_the_candidate_limit(opened, parties):
    section, bids = opened
    with pytest.raises(InvalidInput):
        evaluation_report_accept(
            actor=None, section=section, report=report(bids, "bidder1", "bidder2", "bidder3", "bidder1")
        )
    with pytest.raises(InvalidInput):
        evaluation_report_accept(
            actor=None, section=section, report={"candidates": [{"bidId": 999999, "rank": 1}]}
        )
    section.refresh_from_db()
    assert section.status == "opened" and not section.candidates.exists()
    with pytest.raises(Forbidden):
        evaluation_report_accept(actor=parties["bidders"][0], section=section, report=report(bids, "bidder1"))


def test_both_parties_sign_the_contract_on_the_pages(opened, parties, clock_at, client_for):
    section, bids = opened
    clock_at(at(2026, 3, 25, 10))
    evaluation_report_accept(actor=None, section=section, report=report(bids, "bidder2"))
    clock_at(at(2026, 3, 31, 1))
    due_sections()
    award_decide(actor=parties["buyer"], section=section, bid=bids["bidder2"])
    contract = Contract.objects.get(section=section)
    winner = client_for(parties["bidders"][1])
    page = winner.get(f"/trading/tenders/{section.tender_id}/").content.decode()
    assert "supplier-sign" in page
    assert (
        "supplier-sign"
        not in client_for(parties["bidders"][0])
        .get(f"/trading/tenders/{section.tender_id}/")
        .content.decode()
    )
    winner.post(f"/trading/contracts/{contract.pk}/sign/")
    client_for(parties["buyer"]).post(f"/trading/contracts/{contract.pk}/sign/")
    contract.refresh_from_db()
    assert contract.status == "signed"
