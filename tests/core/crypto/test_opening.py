"""open_envelope (sealed-bids spec §4): decrypt with the CEK the bidder sends, check the signed digest."""

from __future__ import annotations

import json
import os

import pytest

from ggzy.core.crypto.envelope import DecryptionFailed, open_envelope
from ggzy.core.crypto.jose import compact_json, sha256_hex
from ggzy.core.exceptions import InvalidInput
from ggzy.trading.tendering.bidder_client.sealing import seal_bid, unwrap_cek

from .conftest import SECTION, USCC, edit_envelope, flip_b64url_byte, make_content


def opened(sealed, cek, **overrides):
    arguments = {"envelope": sealed["envelope"], "cek": cek, "plaintext_sha256": sealed["plaintextSha256"]}
    return open_envelope(**{**arguments, **overrides})


def failure(sealed, cek, **overrides) -> DecryptionFailed:
    with pytest.raises(DecryptionFailed) as caught:
        opened(sealed, cek, **overrides)
    return caught.value


def test_bidder_unwraps_its_cek_and_the_platform_opens_the_bid(sealed, bidder_keys):
    cek = unwrap_cek(envelope=sealed["envelope"], keys=bidder_keys)
    plaintext = opened(sealed, cek, envelope_sha256=sealed["envelopeSha256"])
    content = json.loads(plaintext)
    assert content["price"] == {"amount": 1234567.89, "currency": "CNY"}
    assert content["sectionId"] == SECTION and content["bidder"] == USCC


def test_wrong_cek_is_the_bidders_fault(sealed):
    error = failure(sealed, os.urandom(32), envelope_sha256=sealed["envelopeSha256"])
    assert (error.code, error.bidder_fault) == ("cek_invalid", True)
    assert error.details["bidderFault"] is True


@pytest.mark.parametrize("cek", [b"", b"x" * 16, b"x" * 33, "not bytes"])
def test_cek_of_the_wrong_length_is_refused(sealed, cek):
    assert failure(sealed, cek).code == "cek_invalid"


def test_cek_of_another_bid_is_refused(bidder_keys, sealed):
    other = seal_bid(content=make_content(), keys=bidder_keys, section_id=SECTION)
    assert failure(sealed, unwrap_cek(envelope=other["envelope"], keys=bidder_keys)).code == "cek_invalid"


@pytest.mark.parametrize("member", ["ciphertext", "tag", "iv"])
def test_stored_envelope_changed_after_signing_is_a_platform_failure(sealed, bidder_keys, member):
    cek = unwrap_cek(envelope=sealed["envelope"], keys=bidder_keys)
    document = json.loads(sealed["envelope"])
    changed = edit_envelope(sealed["envelope"], **{member: flip_b64url_byte(document[member], 3)})
    error = failure({**sealed, "envelope": changed}, cek, envelope_sha256=sealed["envelopeSha256"])
    assert (error.code, error.bidder_fault) == ("ciphertext_tampered", False)


@pytest.mark.parametrize("member", ["ciphertext", "tag"])
def test_gcm_catches_a_changed_byte_even_without_the_signed_digest(sealed, bidder_keys, member):
    cek = unwrap_cek(envelope=sealed["envelope"], keys=bidder_keys)
    document = json.loads(sealed["envelope"])
    changed = edit_envelope(sealed["envelope"], **{member: flip_b64url_byte(document[member], 0)})
    error = failure({**sealed, "envelope": changed}, cek)
    assert error.code == "cek_invalid" and error.details["reason"] == "gcm_authentication_failed"


def test_changed_protected_header_breaks_the_aad(sealed, bidder_keys):
    cek = unwrap_cek(envelope=sealed["envelope"], keys=bidder_keys)
    header = json.loads(
        __import__("base64").urlsafe_b64decode(json.loads(sealed["envelope"])["protected"] + "==")
    )
    from ggzy.core.crypto.jose import b64url_encode

    reordered = b64url_encode(json.dumps(header, indent=1).encode())  # same header, other bytes → other AAD
    changed = edit_envelope(sealed["envelope"], protected=reordered)
    assert failure({**sealed, "envelope": changed}, cek).code == "cek_invalid"


def test_plaintext_that_does_not_match_the_signed_digest_is_the_bidders_fault(sealed, bidder_keys):
    cek = unwrap_cek(envelope=sealed["envelope"], keys=bidder_keys)
    error = failure(sealed, cek, plaintext_sha256=sha256_hex(b"something else"))
    assert (error.code, error.bidder_fault) == ("plaintext_digest_mismatch", True)


def test_decryption_failed_is_an_invalid_input_with_the_error_shape(sealed):
    error = failure(sealed, b"\0" * 32)
    assert isinstance(error, InvalidInput) and error.status == 422
    assert set(error.as_dict()) == {"code", "message", "details"}


def test_unwrap_with_keys_that_do_not_match_the_envelope_is_refused(sealed, other_keys):
    with pytest.raises(InvalidInput) as caught:
        unwrap_cek(envelope=sealed["envelope"], keys=other_keys)
    assert caught.value.code == "envelope_kid_mismatch"


def test_aad_member_is_included_as_rfc7516_says(bidder_keys):
    from jwcrypto import jwe, jwk

    plaintext = compact_json({"format": "ggzy-bid/1"})
    token = jwe.JWE(
        plaintext,
        protected=json.dumps({"alg": "RSA-OAEP-256", "enc": "A256GCM", "kid": bidder_keys.enc["kid"]}),
        aad=b"extra",
    )
    token.add_recipient(jwk.JWK(**bidder_keys.enc_public))
    envelope = token.serialize(compact=False)
    assert "aad" in json.loads(envelope)
    cek = unwrap_cek(envelope=envelope, keys=bidder_keys)
    assert open_envelope(envelope=envelope, cek=cek, plaintext_sha256=sha256_hex(plaintext)) == plaintext
