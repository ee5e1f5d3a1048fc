"""verify_submission (sealed-bids spec §3): what the platform checks at upload, without decrypting."""

from __future__ import annotations

import base64
import hashlib
import json

import pytest
from jwcrypto import jwe, jwk

from ggzy.core.crypto.envelope import manifest_kid, verify_submission
from ggzy.core.crypto.jose import b64url_encode, compact_json, sign_compact_es256
from ggzy.core.exceptions import InvalidInput
from ggzy.trading.tendering.bidder_client.sealing import content_bytes, seal_bid

from .conftest import SECTION, USCC, edit_envelope, make_content

LIMIT = 10 * 1024 * 1024


def verify(sealed, keys, **overrides):
    arguments = {
        "envelope": sealed["envelope"],
        "manifest": sealed["manifest"],
        "section_id": SECTION,
        "bidder_uscc": USCC,
        "sig_jwk": keys.sig_public,
        "enc_kid": keys.enc["kid"],
        "max_bytes": LIMIT,
    }
    return verify_submission(**{**arguments, **overrides})


def refused(code, sealed, keys, **overrides):
    with pytest.raises(InvalidInput) as caught:
        verify(sealed, keys, **overrides)
    assert caught.value.code == code, caught.value.as_dict()
    return caught.value


def resign(keys, payload):
    return sign_compact_es256(keys.sig_private_key(), kid=keys.sig["kid"], payload=compact_json(payload))


def test_a_sealed_bid_is_accepted_and_its_manifest_returned(sealed, bidder_keys):
    payload = verify(sealed, bidder_keys)
    assert payload["sectionId"] == SECTION and payload["bidder"] == USCC
    assert payload["envelopeSha256"] == hashlib.sha256(sealed["envelope"].encode()).hexdigest()
    assert payload["plaintextSha256"] == sealed["plaintextSha256"]


def test_envelope_is_standard_jwe_that_another_jose_library_opens(sealed, bidder_keys):
    token = jwe.JWE()
    token.deserialize(sealed["envelope"], key=jwk.JWK(**bidder_keys.enc))
    assert json.loads(token.payload)["price"] == {"amount": 1234567.89, "currency": "CNY"}
    assert token.jose_header == {"alg": "RSA-OAEP-256", "enc": "A256GCM", "kid": bidder_keys.enc["kid"]}


def test_envelope_made_by_another_jose_library_is_accepted(bidder_keys):
    plaintext = content_bytes(make_content())
    token = jwe.JWE(
        plaintext,
        protected=json.dumps({"alg": "RSA-OAEP-256", "enc": "A256GCM", "kid": bidder_keys.enc["kid"]}),
    )
    token.add_recipient(jwk.JWK(**bidder_keys.enc_public))
    envelope = token.serialize(compact=False)
    manifest = resign(bidder_keys, {
        "sectionId": SECTION, "bidder": USCC, "plaintextSha256": hashlib.sha256(plaintext).hexdigest(),
        "envelopeSha256": hashlib.sha256(envelope.encode()).hexdigest(), "signedAt": "2026-11-28T08:00:00+08:00",
    })  # fmt: skip
    assert verify({"envelope": envelope, "manifest": manifest}, bidder_keys)["bidder"] == USCC


def test_manifest_kid_names_the_key_to_look_up(sealed, bidder_keys):
    assert manifest_kid(sealed["manifest"]) == bidder_keys.sig["kid"]


def test_plaintext_bid_is_refused_as_not_encrypted(bidder_keys, sealed):
    plain = content_bytes(make_content(files=[])).decode()
    refused("envelope_not_encrypted", {**sealed, "envelope": plain}, bidder_keys)


def test_raw_file_upload_is_refused_as_not_encrypted(bidder_keys, sealed):
    refused("envelope_not_encrypted", {**sealed, "envelope": "%PDF-1.7 ..."}, bidder_keys)


@pytest.mark.parametrize(
    "envelope",
    ["{not json", "[]", '{"protected":"e30","ciphertext":"AA","recipients":[]}', "a.b.c.d.e"],
)
def test_malformed_envelopes_are_refused(envelope, sealed, bidder_keys):
    refused("envelope_malformed", {**sealed, "envelope": envelope}, bidder_keys)


@pytest.mark.parametrize(
    ("member", "value"),
    [("iv", b64url_encode(b"short")), ("tag", b64url_encode(b"x" * 8)), ("encrypted_key", b64url_encode(b"k" * 16)),
     ("ciphertext", ""), ("ciphertext", "AAAA!AAA"), ("ciphertext", "AAAAA"), ("ciphertext", "AA=="),
     ("tag", "not base64url!"), ("extra", "x"), ("iv", None)],
)  # fmt: skip
def test_envelope_members_are_checked(member, value, sealed, bidder_keys):
    refused(
        "envelope_malformed",
        {**sealed, "envelope": edit_envelope(sealed["envelope"], **{member: value})},
        bidder_keys,
    )


@pytest.mark.parametrize(
    "header",
    [{"alg": "RSA1_5", "enc": "A256GCM"}, {"alg": "RSA-OAEP-256", "enc": "A128CBC-HS256"}, {"alg": "dir", "enc": "A256GCM"},
     {"alg": "RSA-OAEP-256", "enc": "A256GCM", "zip": "DEF"}],
)  # fmt: skip
def test_other_algorithms_are_refused(header, sealed, bidder_keys):
    protected = b64url_encode(compact_json({**header, "kid": bidder_keys.enc["kid"]}))
    envelope = edit_envelope(sealed["envelope"], protected=protected)
    refused("envelope_alg_unsupported", {**sealed, "envelope": envelope}, bidder_keys)


def test_envelope_for_another_enc_key_is_refused(sealed, bidder_keys, other_keys):
    error = refused("envelope_kid_mismatch", sealed, bidder_keys, enc_kid=other_keys.enc["kid"])
    assert error.details["kid"] == bidder_keys.enc["kid"]


def test_manifest_signed_by_another_key_is_refused(bidder_keys, other_keys):
    theirs = seal_bid(content=make_content(), keys=bidder_keys, section_id=SECTION)
    payload = json.loads(base64.urlsafe_b64decode(theirs["manifest"].split(".")[1] + "=="))
    # Same kid as the registered key, signed with a different private key.
    forged = sign_compact_es256(
        other_keys.sig_private_key(), kid=bidder_keys.sig["kid"], payload=compact_json(payload)
    )
    refused("manifest_signature_invalid", {**theirs, "manifest": forged}, bidder_keys)
    # Honestly signed by the other key: not the registered one.
    refused("manifest_signature_invalid", {**theirs, "manifest": resign(other_keys, payload)}, bidder_keys)


def test_manifest_with_a_flipped_signature_bit_is_refused(sealed, bidder_keys):
    head, body, signature = sealed["manifest"].split(".")
    flipped = signature[:-2] + ("A" if signature[-2] != "A" else "B") + signature[-1]
    refused("manifest_signature_invalid", {**sealed, "manifest": f"{head}.{body}.{flipped}"}, bidder_keys)


@pytest.mark.parametrize("manifest", ["", "a.b", "x.y.z", 42])
def test_malformed_manifests_are_refused(manifest, sealed, bidder_keys):
    refused("manifest_malformed", {**sealed, "manifest": manifest}, bidder_keys)


@pytest.mark.parametrize(
    ("member", "value"),
    [
        ("plaintextSha256", "ABC"),
        ("signedAt", "yesterday"),
        ("signedAt", "2026-11-28T08:00:00"),
        ("bidder", None),
    ],
)
def test_manifest_payload_is_checked(member, value, sealed, bidder_keys):
    payload = json.loads(base64.urlsafe_b64decode(sealed["manifest"].split(".")[1] + "=="))
    payload[member] = value
    refused("manifest_malformed", {**sealed, "manifest": resign(bidder_keys, payload)}, bidder_keys)


def test_manifest_for_another_section_is_refused(sealed, bidder_keys):
    refused("manifest_mismatch", sealed, bidder_keys, section_id="S-2026-002")


def test_manifest_for_another_bidder_is_refused(sealed, bidder_keys):
    refused("manifest_mismatch", sealed, bidder_keys, bidder_uscc="91310115MA1H7K2X30")


def test_envelope_changed_after_signing_is_refused(sealed, bidder_keys):
    # Same JSON content, different bytes (a space): the signed digest covers the bytes as sent.
    refused("envelope_digest_mismatch", {**sealed, "envelope": sealed["envelope"] + " "}, bidder_keys)
    other = seal_bid(content=make_content(amount="1.00"), keys=bidder_keys, section_id=SECTION)
    refused("envelope_digest_mismatch", {**sealed, "envelope": other["envelope"]}, bidder_keys)


def test_oversize_envelope_is_refused_before_parsing(sealed, bidder_keys):
    size = len(sealed["envelope"].encode())
    assert verify(sealed, bidder_keys, max_bytes=size)
    refused("envelope_too_large", sealed, bidder_keys, max_bytes=size - 1)
    refused("envelope_too_large", {**sealed, "envelope": "x" * 100}, bidder_keys, max_bytes=99)
