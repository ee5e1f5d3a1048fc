"""The bidder's passphrase-protected key file (PBKDF2-SHA256 + AES-256-GCM; same format as bidder.js)."""

from __future__ import annotations

import json

import pytest

from ggzy.core.exceptions import InvalidInput
from ggzy.parties.jwk import validate_public_jwk
from ggzy.trading.tendering.bidder_client.sealing import PBKDF2_ITERATIONS, export_key_file, import_key_file

PASSPHRASE = "正确的口令 correct horse"


@pytest.fixture(scope="module")
def key_file(bidder_keys):
    return export_key_file(bidder_keys, PASSPHRASE)


def code_of(data, passphrase=PASSPHRASE):
    with pytest.raises(InvalidInput) as caught:
        import_key_file(data, passphrase)
    return caught.value.code


def test_generated_public_keys_are_what_the_platform_registers(bidder_keys):
    enc, sig = (validate_public_jwk(jwk) for jwk in bidder_keys.public_jwks())
    assert (enc.use, enc.alg, sig.use, sig.alg) == ("enc", "RSA-OAEP-256", "sig", "ES256")
    assert enc.kid.startswith(bidder_keys.uscc) and enc.kid != sig.kid


def test_key_file_round_trips(bidder_keys, key_file):
    assert import_key_file(key_file, PASSPHRASE) == bidder_keys


def test_key_file_holds_no_private_member_in_clear(bidder_keys, key_file):
    document = json.loads(key_file)
    assert document["kdf"] == {
        **document["kdf"],
        "name": "PBKDF2",
        "hash": "SHA-256",
        "iterations": PBKDF2_ITERATIONS,
    }
    assert bidder_keys.sig["d"] not in key_file.decode() and bidder_keys.enc["d"] not in key_file.decode()
    assert document["public"] == {"enc": bidder_keys.enc_public, "sig": bidder_keys.sig_public}


def test_wrong_passphrase_is_refused(key_file):
    assert code_of(key_file, "wrong passphrase") == "keyfile_passphrase_wrong"


def test_file_with_a_swapped_uscc_is_refused(key_file):
    document = json.loads(key_file)
    document["uscc"] = "91310115MA1H7K2X30"  # authenticated as AES-GCM additional data
    assert code_of(json.dumps(document)) == "keyfile_passphrase_wrong"


def test_weak_kdf_parameters_are_refused(key_file, bidder_keys):
    document = json.loads(key_file)
    document["kdf"]["iterations"] = 1000
    assert code_of(json.dumps(document)) == "keyfile_weak_kdf"
    with pytest.raises(InvalidInput):
        export_key_file(bidder_keys, PASSPHRASE, iterations=1000)


@pytest.mark.parametrize("data", [b"", b"[]", b'{"format": "x"}', b"\xff"])
def test_malformed_files_are_refused(data):
    assert code_of(data) == "keyfile_malformed"


def test_short_passphrase_is_refused(bidder_keys):
    with pytest.raises(InvalidInput) as caught:
        export_key_file(bidder_keys, "short")
    assert caught.value.code == "passphrase_too_short"
