"""Sealed bid upload: receipt, deadline to the second, withdraw/resubmit, bad input refused whole."""

import json

import pytest

from ggzy.core.crypto.platform_keys import verify_platform_jws
from ggzy.core.models import AuditRecord
from ggzy.trading.tendering.models import Bid, envelope_text
from ggzy.trading.tendering.services.participation import registration_create

from .conftest import DEADLINE, register_keys, seal_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(published, parties):
    """Section open for bids; bidders 1–4 registered with keys."""
    section = published.sections.get()
    for user in parties["bidders"][:4]:
        registration_create(actor=user, section=section)
        register_keys(user)
    return section


def post_bid(client, section, sealed, **extra):
    body = {
        "envelope": sealed["envelope"],
        "manifest": sealed["manifest"],
        "fingerprint": {"macAddress": "00:11:22:33:44:55", "hardwareId": "hw-1"},
        **extra,
    }
    return client.post(f"/api/v1/sections/{section.pk}/bids", body, content_type="application/json")


def test_upload_returns_a_platform_signed_receipt_and_stores_ciphertext_only(
    ready, parties, client_for, client
):
    user = parties["bidders"][0]
    sealed = seal_for(user, ready, "11500000.00", marker="MARKER-AAA")
    res = post_bid(client_for(user), ready, sealed)
    assert res.status_code == 201, res.content
    body = res.json()
    claims = verify_platform_jws(body["receipt"])
    assert claims["bidId"] == str(body["id"]) and claims["sectionId"] == str(ready.pk)
    assert claims["bidder"] == user.entity.uscc and claims["envelopeSha256"] == sealed["envelopeSha256"]
    bid = Bid.objects.get(pk=body["id"])
    assert envelope_text(bid) == sealed["envelope"] and bid.price_amount is None
    assert "MARKER-AAA" not in envelope_text(bid) and bid.fingerprint["macAddress"] == "00:11:22:33:44:55"
    assert bid.fingerprint["ipAddress"] == "127.0.0.1"  # the server's view of the upload IP
    keys = client.get("/api/v1/platform/keys").json()["keys"]
    assert keys[0]["kty"] == "EC" and "d" not in keys[0]


def test_upload_one_second_after_the_deadline_is_refused(ready, parties, client_for, clock_at):
    import datetime as dt

    user = parties["bidders"][0]
    sealed = seal_for(user, ready, "11500000.00")
    clock_at(DEADLINE - dt.timedelta(seconds=1))
    assert post_bid(client_for(user), ready, sealed).status_code == 201
    sealed = seal_for(user, ready, "11400000.00")
    clock_at(DEADLINE)
    res = post_bid(client_for(user), ready, sealed)
    assert res.status_code == 409 and res.json()["code"] == "deadline_passed"
    assert Bid.objects.count() == 1


def test_resubmission_replaces_and_withdrawal_works_before_the_deadline(ready, parties, client_for, clock_at):
    user = parties["bidders"][0]
    api = client_for(user)
    first = post_bid(api, ready, seal_for(user, ready, "11500000.00")).json()["id"]
    second = post_bid(api, ready, seal_for(user, ready, "11400000.00")).json()["id"]
    assert (
        Bid.objects.get(pk=first).status == "retracted" and Bid.objects.get(pk=second).status == "submitted"
    )
    assert api.delete(f"/api/v1/bids/{second}").status_code == 200
    assert Bid.objects.get(pk=second).status == "retracted"
    third = post_bid(api, ready, seal_for(user, ready, "11300000.00")).json()["id"]
    clock_at(DEADLINE)
    res = client_for(user).delete(f"/api/v1/bids/{third}")
    assert res.status_code == 409 and res.json()["code"] == "deadline_passed"
    assert Bid.objects.get(pk=third).status == "submitted"


def test_another_bidder_cannot_see_or_withdraw_a_bid(ready, parties, client_for):
    owner, other = parties["bidders"][0], parties["bidders"][1]
    bid_id = post_bid(client_for(owner), ready, seal_for(owner, ready, "11500000.00")).json()["id"]
    for user in (other, parties["buyer"], parties["operator"]):
        assert client_for(user).delete(f"/api/v1/bids/{bid_id}").status_code in (403, 404)
        assert client_for(user).get(f"/api/v1/bids/{bid_id}").status_code in (403, 404)
    assert Bid.objects.get(pk=bid_id).status == "submitted"
    mine = client_for(other).get(f"/api/v1/sections/{ready.pk}/my-bids").json()["items"]
    assert mine == []


def test_unregistered_bidder_is_refused(published, parties, client_for):
    section = published.sections.get()
    user = parties["bidders"][4]
    register_keys(user)
    res = post_bid(client_for(user), section, seal_for(user, section, "1.00"))
    assert res.status_code == 403 and res.json()["code"] == "not_registered"
    assert not Bid.objects.exists()


@pytest.mark.parametrize(
    "tamper, code",
    [
        ("ciphertext", "envelope_digest_mismatch"),
        ("signature", "manifest_signature_invalid"),
        ("plaintext", "envelope_not_encrypted"),
    ],
)
def test_tampered_or_unsigned_uploads_are_refused_with_a_code(ready, parties, client_for, tamper, code):
    from ggzy.core.crypto.jose import b64url_decode, b64url_encode

    user = parties["bidders"][0]
    sealed = seal_for(user, ready, "11500000.00")
    if tamper == "ciphertext":
        env = json.loads(sealed["envelope"])
        raw = bytearray(b64url_decode(env["ciphertext"]))
        raw[0] ^= 1
        env["ciphertext"] = b64url_encode(bytes(raw))
        sealed["envelope"] = json.dumps(env)
    elif tamper == "signature":
        head, payload, sig = sealed["manifest"].split(".")
        raw = bytearray(b64url_decode(sig))
        raw[5] ^= 1
        sealed["manifest"] = f"{head}.{payload}.{b64url_encode(bytes(raw))}"
    else:
        sealed["envelope"] = json.dumps({"price": 1})
    res = post_bid(client_for(user), ready, sealed)
    assert res.status_code == 422, res.content
    assert res.json()["code"] == code
    assert not Bid.objects.exists() and not AuditRecord.objects.filter(action="bid.submitted").exists()


def test_bid_sealed_for_another_section_is_refused(published, parties, client_for, clock_at):
    from ggzy.trading.tendering.services.tenders import tender_create, tender_publish

    from .conftest import tender_input

    other = tender_publish(
        actor=parties["buyer"],
        tender=tender_create(actor=parties["buyer"], data=tender_input(parties["buyer"].entity.uscc)),
    ).sections.get()
    section = published.sections.get()
    user = parties["bidders"][0]
    registration_create(actor=user, section=section)
    register_keys(user)
    res = post_bid(client_for(user), section, seal_for(user, other, "1.00"))
    assert res.status_code == 422 and res.json()["code"] == "manifest_mismatch"


def test_oversize_envelope_is_refused(ready, parties, client_for, settings):
    settings.GGZY_BID_MAX_BYTES = 1000
    user = parties["bidders"][0]
    res = post_bid(client_for(user), ready, seal_for(user, ready, "1.00"))
    assert res.status_code == 422 and res.json()["code"] == "envelope_too_large"
    assert not Bid.objects.exists()


def test_bidders_never_see_other_bidders_or_their_count_before_the_deadline(ready, parties, client_for):
    for user in parties["bidders"][:3]:
        post_bid(client_for(user), ready, seal_for(user, ready, "11500000.00"))
    viewer = client_for(parties["bidders"][3])
    for url in (f"/api/v1/tenders/{ready.tender_id}", f"/api/v1/sections/{ready.pk}/opening"):
        body = json.dumps(viewer.get(url).json(), ensure_ascii=False)
        for user in parties["bidders"][:3]:
            assert user.entity.uscc not in body and user.entity.name not in body
        assert '"bids": []' in body or "bids" not in body
    res = client_for(parties["buyer"]).get(f"/api/v1/sections/{ready.pk}/opening").json()
    assert res["bids"] == [] and res["revealed"] is False


def test_a_bid_larger_than_djangos_form_limit_is_accepted(ready, parties, client_for, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024  # the bid endpoint applies its own limit instead
    user = parties["bidders"][0]
    big = seal_for(
        user, ready, "1.00", files=[("技术标.pdf", "application/pdf", b"%PDF-1.7\n" + b"x" * 200_000)]
    )
    res = post_bid(client_for(user), ready, big)
    assert res.status_code == 201, res.content


def test_malformed_bid_json_gets_a_422(ready, parties, client_for):
    api = client_for(parties["bidders"][0])
    res = api.post(f"/api/v1/sections/{ready.pk}/bids", "{not json", content_type="application/json")
    assert res.status_code == 422 and res.json()["code"] == "invalid_input"
    res = api.post(f"/api/v1/sections/{ready.pk}/bids", {"envelope": 1}, content_type="application/json")
    assert res.status_code == 422 and res.json()["details"]["errors"]
    assert not Bid.objects.exists()
