"""Tender, section, bid and contract change state only through their tables (ggzy.core.states).

Each machine refuses a move its table does not list — nothing written — and each move leaves its audit
record (from, to) in the same transaction.
"""

import datetime as dt

import pytest

from ggzy.core.exceptions import Conflict
from ggzy.core.models import AuditRecord
from ggzy.trading.tendering.models import Bid, Contract, Section, Tender
from ggzy.trading.tendering.services.award import award_decide, contract_sign, evaluation_report_accept
from ggzy.trading.tendering.services.bids import bid_retract
from ggzy.trading.tendering.services.tenders import tender_publish
from ggzy.trading.tendering.states import BID, CONTRACT, SECTION, TENDER, BidStatus, SectionStatus
from ggzy.trading.tendering.tasks import due_sections

from .conftest import at
from .test_award import opened, report  # noqa: F401  (fixture)
from .test_opening import submit_bids

pytestmark = pytest.mark.django_db


def _audit(action, obj):
    return AuditRecord.objects.filter(action=action, target_id=str(obj.pk)).order_by("id")


def test_tender_published_once_then_the_table_refuses(draft, parties):
    """Given a published tender, publishing again is refused with the table's code; the move was audited."""
    tender = tender_publish(actor=parties["buyer"], tender=draft)
    record = _audit("tender.published", tender).get()
    assert record.payload["from"] == "draft" and record.payload["to"] == "published"
    with pytest.raises(Conflict) as exc:
        tender_publish(actor=parties["buyer"], tender=tender)
    assert exc.value.code == "invalid_state" and "已发布" in exc.value.message
    assert _audit("tender.published", tender).count() == 1
    with pytest.raises(Conflict):
        TENDER.move(tender, "draft", actor=parties["buyer"])
    assert Tender.objects.get(pk=tender.pk).status == "published"


def test_section_refuses_a_jump_and_audits_its_moves(published, parties):
    """A bidding section cannot jump to 已定标; opening the bidding wrote a section audit record."""
    section = published.sections.get()
    record = _audit("section.status_changed", section).get()
    assert (record.payload["from"], record.payload["to"]) == ("draft", "bidding")
    with pytest.raises(Conflict) as exc:
        SECTION.move(section, SectionStatus.AWARDED, actor=parties["buyer"])
    assert exc.value.code == "invalid_state"
    assert "投标中" in exc.value.message and "已定标" in exc.value.message
    assert Section.objects.get(pk=section.pk).status == "bidding"


def test_a_stale_copy_cannot_slip_past_the_table(published, parties):
    """move() checks the stored state under the row lock, not the caller's copy."""
    section = published.sections.get()
    stale = Section.objects.get(pk=section.pk)
    SECTION.move(section, SectionStatus.TERMINATED, actor=parties["buyer"])
    assert stale.status == "bidding"
    with pytest.raises(Conflict):
        SECTION.move(stale, SectionStatus.OPENING, actor=None)
    assert Section.objects.get(pk=section.pk).status == "terminated"


def test_bid_retracted_once(published, parties):
    """Retracting moves submitted → retracted with its audit record; the table refuses going back."""
    section = published.sections.get()
    user = parties["bidders"][0]
    bid, _ = submit_bids(section, [user], ["11500000.00"])[user.username]
    bid_retract(actor=user, bid=bid)
    record = _audit("bid.retracted", bid).get()
    assert (record.payload["from"], record.payload["to"]) == ("submitted", "retracted")
    with pytest.raises(Conflict):
        BID.move(bid, BidStatus.SUBMITTED, actor=user)
    assert Bid.objects.get(pk=bid.pk).status == "retracted"


def test_contract_signed_by_both_then_final(opened, parties, clock_at):  # noqa: F811
    """The second signature moves the contract pending → signed (audited); signed is final."""
    section, bids = opened
    clock_at(at(2026, 3, 25, 10))
    evaluation_report_accept(
        actor=None, section=section, report=report(bids, "bidder2", "bidder1", "bidder3")
    )
    clock_at(at(2026, 3, 31, 0, 0) + dt.timedelta(minutes=1))
    due_sections()
    award_decide(actor=parties["buyer"], section=section, bid=bids["bidder2"])
    contract = Contract.objects.get(section=section)
    contract_sign(actor=parties["buyer"], contract=contract)
    contract_sign(actor=parties["bidders"][1], contract=contract)
    records = list(_audit("contract.signed", contract))
    assert [r.payload["complete"] for r in records] == [False, True]
    assert (records[1].payload["from"], records[1].payload["to"]) == ("pending", "signed")
    with pytest.raises(Conflict):
        CONTRACT.move(contract, "pending", actor=parties["buyer"])
    assert Contract.objects.get(pk=contract.pk).status == "signed"
