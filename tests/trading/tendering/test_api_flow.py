"""The whole flow through the JSON API alone (bearer tokens; bidder crypto from trading.tendering.bidder_client.sealing)."""

import datetime as dt

import pytest
from django.test import Client

from ggzy.core.crypto.platform_keys import verify_platform_jws
from ggzy.hub.publication.models import Notice
from ggzy.parties.services.tokens import api_token_issue

from .conftest import DEADLINE, START, cek_for, keys_for, seal_for

pytestmark = pytest.mark.django_db


def bearer(user):
    _, raw = api_token_issue(actor=user, name="test", ttl=dt.timedelta(days=365))
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_publish_register_bid_open_award_through_the_api(parties, clock_at, client):
    clock_at(START)
    buyer = bearer(parties["buyer"])
    res = buyer.post(
        "/api/v1/tenders",
        {
            "procedureType": "gp-open",
            "catalogueCode": "ZC01",
            "title": "办公设备采购",
            "buyer": parties["buyer"].entity.uscc,
            "tenderPeriodEnd": DEADLINE.isoformat(),
            "openingAt": DEADLINE.isoformat(),
            "openingWindowMinutes": 30,
            "sections": [{"title": "A包", "estimatedPrice": {"amount": 800000, "currency": "CNY"}}],
        },
        content_type="application/json",
    )
    assert res.status_code == 201, res.content
    tender_id, section_id = res.json()["id"], res.json()["sections"][0]["id"]
    assert buyer.post(f"/api/v1/tenders/{tender_id}/publish").status_code == 200
    users = parties["bidders"][:3]
    clients = {u.username: bearer(u) for u in users}
    sealed, bid_ids = {}, {}
    from ggzy.trading.tendering.models import Section

    section = Section.objects.get(pk=section_id)
    for i, user in enumerate(users):
        api = clients[user.username]
        for jwk in keys_for(user.entity.uscc).public_jwks():
            assert api.post(
                f"/api/v1/entities/{user.entity.uscc}/keys", {"jwk": jwk}, content_type="application/json"
            ).status_code in (200, 201)
        assert api.post(f"/api/v1/sections/{section_id}/registrations").status_code == 201
        sealed[user.username] = seal_for(user, section, f"{780000 - i * 1000}.00")
        res = api.post(
            f"/api/v1/sections/{section_id}/bids",
            {"envelope": sealed[user.username]["envelope"], "manifest": sealed[user.username]["manifest"]},
            content_type="application/json",
        )
        assert res.status_code == 201, res.content
        bid_ids[user.username] = res.json()["id"]
        assert verify_platform_jws(res.json()["receipt"])["bidId"] == str(res.json()["id"])
    clock_at(DEADLINE + dt.timedelta(minutes=1))
    for user in users:
        api = clients[user.username]
        envelope = api.get(f"/api/v1/bids/{bid_ids[user.username]}").json()["envelope"]
        res = api.post(
            f"/api/v1/bids/{bid_ids[user.username]}/key",
            {"cek": cek_for(user, envelope)},
            content_type="application/json",
        )
        assert res.status_code == 200, res.content
    opening = client.get(f"/api/v1/sections/{section_id}/opening").json()
    assert opening["status"] == "opened" and len(opening["bids"]) == 3
    assert sorted(b["price"]["amount"] for b in opening["bids"]) == [778000.0, 779000.0, 780000.0]
    from ggzy.trading.tendering.services.award import evaluation_report_accept

    lowest = min(
        bid_ids.values(), key=lambda pk: next(b["price"]["amount"] for b in opening["bids"] if b["id"] == pk)
    )
    evaluation_report_accept(
        actor=None, section=section, report={"candidates": [{"bidId": lowest, "rank": 1}]}
    )
    # GP: no candidate publicity; the buyer awards and the result notice follows (87号令69).
    res = bearer(parties["buyer"]).post(
        f"/api/v1/sections/{section_id}/award", {"bidId": lowest}, content_type="application/json"
    )
    assert res.status_code == 200, res.content
    assert verify_platform_jws(res.json()["noticeJws"])["bidId"] == str(lowest)
    # Both parties sign the contract through the API; the contract notice follows.
    from ggzy.parties.models import User
    from ggzy.trading.tendering.models import Contract

    contract = Contract.objects.get(section_id=section_id)
    winner = User.objects.get(username=next(name for name, pk in bid_ids.items() if pk == lowest))
    for signer in (parties["buyer"], winner):
        res = bearer(signer).post(f"/api/v1/contracts/{contract.pk}/sign")
        assert res.status_code == 200, res.content
    contract.refresh_from_db()
    assert contract.buyer_signed_at and contract.supplier_signed_at and contract.signed_at
    kinds = set(Notice.objects.values_list("kind", flat=True))
    assert {"tender", "opening", "award", "contract"} <= kinds and "candidates" not in kinds
    from ggzy.hub.publication.feed import feed_assign_positions

    feed_assign_positions()  # normally on commit; the test transaction never commits
    titles = [item["title"] for item in client.get("/api/v1/notices").json()["items"]]
    assert any("办公设备采购" in t and "开标记录" in t for t in titles)
