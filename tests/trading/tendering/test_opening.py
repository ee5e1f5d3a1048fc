"""Deadline → opening window → reveal all at once; 撤销/撤回; 流标 and re-tender; opening objections."""

import datetime as dt
import json

import pytest

from ggzy.core.exceptions import Conflict, Forbidden
from ggzy.core.legal_rules import cite
from ggzy.hub.publication.models import Notice
from ggzy.trading.tendering.models import Bid, BidContent, BidEnvelope, envelope_text
from ggzy.trading.tendering.services.bids import bid_submit
from ggzy.trading.tendering.services.opening import opening_objection_answer, opening_objection_raise
from ggzy.trading.tendering.services.participation import registration_create
from ggzy.trading.tendering.services.tenders import tender_retender
from ggzy.trading.tendering.tasks import due_sections

from .conftest import DEADLINE, cek_for, register_keys, seal_for

pytestmark = pytest.mark.django_db
WINDOW_END = DEADLINE + dt.timedelta(minutes=30)


def submit_bids(section, users, prices):
    out = {}
    for user, price in zip(users, prices, strict=True):
        registration_create(actor=user, section=section)
        register_keys(user)
        sealed = seal_for(user, section, price, marker=f"MK-{user.username}")
        bid = bid_submit(
            actor=user, section=section, envelope=sealed["envelope"], manifest=sealed["manifest"]
        )
        out[user.username] = (bid, sealed)
    return out


@pytest.fixture
def three_bids(published, parties):
    section = published.sections.get()
    return section, submit_bids(
        section, parties["bidders"][:3], ["11500000.00", "11200000.50", "11700000.00"]
    )


def send_key(client, user, bid, envelope, cek=None):
    return client.post(
        f"/api/v1/bids/{bid.pk}/key", {"cek": cek or cek_for(user, envelope)}, content_type="application/json"
    )


def test_results_stay_hidden_until_every_bid_is_decided_then_revealed_at_once(
    three_bids, parties, clock_at, client_for, client
):
    section, bids = three_bids
    clock_at(DEADLINE + dt.timedelta(minutes=1))
    users = parties["bidders"][:3]
    for user in users[:2]:
        bid, sealed = bids[user.username]
        res = send_key(client_for(user), user, bid, sealed["envelope"])
        assert res.status_code == 200, res.content
        opening = client.get(f"/api/v1/sections/{section.pk}/opening").json()
        assert opening["status"] == "opening" and opening["bids"] == [] and opening["revealed"] is False
    assert not Notice.objects.filter(kind="opening").exists()
    bid, sealed = bids[users[2].username]
    send_key(client_for(users[2]), users[2], bid, sealed["envelope"])
    opening = client.get(f"/api/v1/sections/{section.pk}/opening").json()
    assert opening["status"] == "opened" and opening["revealed"]
    prices = {b["bidder"]["id"]: b["price"]["amount"] for b in opening["bids"]}
    assert prices == {
        users[0].entity.uscc: 11500000.0,
        users[1].entity.uscc: 11200000.5,
        users[2].entity.uscc: 11700000.0,
    }
    assert {b["status"] for b in opening["bids"]} == {"decrypted"}
    assert opening["bids"][0]["declared"]["durationDays"] == 365
    notice = Notice.objects.get(kind="opening")
    assert users[1].entity.name in notice.body and "11,200,000.50" in notice.body


def test_keys_are_refused_before_the_opening_and_after_the_window(three_bids, parties, clock_at, client_for):
    section, bids = three_bids
    user = parties["bidders"][0]
    bid, sealed = bids[user.username]
    res = send_key(client_for(user), user, bid, sealed["envelope"])
    assert res.status_code == 409 and res.json()["code"] == "not_opening_window"
    clock_at(WINDOW_END)
    res = send_key(client_for(user), user, bid, sealed["envelope"])
    assert res.status_code == 409
    bid.refresh_from_db()
    assert bid.status == "revoked" and bid.failure_code == "no_key"


def test_wrong_key_is_revoked_no_key_by_window_end_is_revoked(
    three_bids, parties, clock_at, client_for, client
):
    from ggzy.core.crypto.jose import b64url_encode

    section, bids = three_bids
    clock_at(DEADLINE + dt.timedelta(minutes=2))
    u0, u1, u2 = parties["bidders"][:3]
    send_key(client_for(u0), u0, bids[u0.username][0], bids[u0.username][1]["envelope"])
    res = send_key(client_for(u1), u1, bids[u1.username][0], "", cek=b64url_encode(b"\x01" * 32))
    assert res.status_code == 200  # accepted; outcome hidden until the reveal
    assert client.get(f"/api/v1/sections/{section.pk}/opening").json()["bids"] == []
    clock_at(WINDOW_END)
    due_sections()
    opening = client.get(f"/api/v1/sections/{section.pk}/opening").json()
    status = {b["bidder"]["id"]: (b["status"], b["price"]) for b in opening["bids"]}
    assert status[u0.entity.uscc][0] == "decrypted"
    assert status[u1.entity.uscc] == ("revoked", None)
    assert status[u2.entity.uscc] == ("revoked", None)
    assert Bid.objects.get(pk=bids[u2.username][0].pk).failure_code == "no_key"


def test_tampered_stored_ciphertext_is_a_platform_failure_withdrawn(
    three_bids, parties, clock_at, client_for
):
    section, bids = three_bids
    user = parties["bidders"][0]
    bid = bids[user.username][0]
    env = json.loads(envelope_text(bid))
    env["iv"] = env["iv"][::-1]
    BidEnvelope.objects.filter(bid=bid).update(text=json.dumps(env))
    clock_at(DEADLINE + dt.timedelta(minutes=1))
    send_key(client_for(user), user, bid, bids[user.username][1]["envelope"])
    bid.refresh_from_db()
    assert bid.status == "withdrawn" and bid.failure_code == "ciphertext_tampered"
    assert not BidContent.objects.filter(bid=bid).exists()


def test_only_the_bidder_can_send_its_key(three_bids, parties, clock_at, client_for):
    section, bids = three_bids
    clock_at(DEADLINE + dt.timedelta(minutes=1))
    owner = parties["bidders"][0]
    bid, sealed = bids[owner.username]
    cek = cek_for(owner, sealed["envelope"])
    for intruder in (parties["bidders"][1], parties["buyer"], parties["operator"]):
        assert send_key(client_for(intruder), owner, bid, "", cek=cek).status_code in (403, 404)
    bid.refresh_from_db()
    assert bid.status == "submitted" and bid.key_received_at is None


@pytest.mark.legal_rule("条例44")
def test_fewer_than_three_bids_fail_at_the_deadline_and_retender_in_one_click(
    published, parties, clock_at, client_for
):
    section = published.sections.get()
    submit_bids(section, parties["bidders"][:2], ["1.00", "2.00"])
    clock_at(DEADLINE)
    assert due_sections() == 1
    section.refresh_from_db()
    assert section.status == "failed" and section.closed_bid_count == 2
    assert cite("条例44") in section.failure_reason
    assert Notice.objects.filter(kind="termination", source_id=str(section.pk)).exists()
    assert due_sections() == 0  # exactly once
    clock_at(DEADLINE + dt.timedelta(hours=1))
    with pytest.raises(Forbidden):
        tender_retender(actor=parties["other_buyer"], section=section)
    res = client_for(parties["buyer"]).post(f"/api/v1/sections/{section.pk}/retender")
    assert res.status_code == 201, res.content
    new = res.json()
    assert new["status"] == "published" and new["previous"] == published.pk
    assert new["code"] == published.project.code + "002"
    # earliest legal deadline from 2026-03-23: +20 = 04-12 (Sunday) → 04-13, same time of day.
    assert new["tenderPeriod"]["endDate"] == "2026-04-13T01:30:00+00:00"
    with pytest.raises(Conflict):
        tender_retender(actor=parties["buyer"], section=section)


def test_reading_after_the_deadline_never_shows_a_stale_state(three_bids, clock_at, client):
    section, _ = three_bids
    clock_at(DEADLINE + dt.timedelta(seconds=1))
    body = client.get(f"/api/v1/tenders/{section.tender_id}").json()
    assert body["sections"][0]["status"] == "opening"
    clock_at(WINDOW_END)
    assert client.get(f"/api/v1/sections/{section.pk}/opening").json()["status"] == "opened"


def test_objections_at_the_opening_are_recorded_with_answers(three_bids, parties, clock_at, client):
    section, bids = three_bids
    clock_at(WINDOW_END + dt.timedelta(minutes=5))
    due_sections()
    objection = opening_objection_raise(
        actor=parties["bidders"][0], section=section, text="第2名报价单位盖章不清。"
    )
    with pytest.raises(Forbidden):
        opening_objection_raise(actor=parties["bidders"][4], section=section, text="x")
    with pytest.raises(Forbidden):
        opening_objection_answer(actor=parties["bidders"][1], objection=objection, answer="x")
    opening_objection_answer(actor=parties["buyer"], objection=objection, answer="经核查，盖章清晰有效。")
    rows = client.get(f"/api/v1/sections/{section.pk}/opening").json()["objections"]
    assert rows[0]["answer"] == "经核查，盖章清晰有效。"
    clock_at(WINDOW_END + dt.timedelta(days=1))
    with pytest.raises(Conflict):
        opening_objection_raise(actor=parties["bidders"][0], section=section, text="迟到的异议")


def test_a_wrong_type_file_inside_the_bid_is_the_bidders_fault(published, parties, clock_at, client_for):
    section = published.sections.get()
    users = parties["bidders"][:3]
    out = submit_bids(section, users[:2], ["100.00", "200.00"])
    bad = users[2]
    registration_create(actor=bad, section=section)
    register_keys(bad)
    sealed = seal_for(
        bad, section, "300.00", files=[("技术标.pdf", "application/pdf", b"MZ\x90\x00 not a pdf")]
    )
    bid = bid_submit(actor=bad, section=section, envelope=sealed["envelope"], manifest=sealed["manifest"])
    clock_at(DEADLINE + dt.timedelta(minutes=1))
    for user in users[:2]:
        b, s = out[user.username]
        send_key(client_for(user), user, b, s["envelope"])
    send_key(client_for(bad), bad, bid, sealed["envelope"])
    bid.refresh_from_db()
    assert bid.status == "revoked" and bid.failure_code == "bid_file_type_forbidden"
    assert not BidContent.objects.filter(bid=bid).exists()


def test_opened_bids_can_be_read_again_for_the_evaluation(three_bids, parties, clock_at, client_for):
    from ggzy.core.exceptions import NotFound
    from ggzy.trading.tendering.services.opening import bid_plaintext

    section, bids = three_bids
    user = parties["bidders"][0]
    bid, sealed = bids[user.username]
    with pytest.raises(NotFound):
        bid_plaintext(bid)  # before the opening the platform has no key
    clock_at(DEADLINE + dt.timedelta(minutes=1))
    send_key(client_for(user), user, bid, sealed["envelope"])
    assert b"MK-bidder1" in bid_plaintext(bid)
