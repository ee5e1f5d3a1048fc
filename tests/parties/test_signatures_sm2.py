"""SM2/SM3 details: our digest matches gmssl's own SM3 and SM2 verification, on many random keys."""

import os

import pytest
from gmssl import func, sm2, sm3

from ggzy.parties.signatures import sm2_digest, verify_sm2
from ggzy.parties.signatures import sm3 as openssl_sm3

from .keys import sm2_pair


def test_sm3_standard_vector_and_gmssl_agree():
    # GB/T 32905-2016 Appendix A.1: SM3("abc").
    expected = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    assert openssl_sm3(b"abc").hex() == expected
    assert sm3.sm3_hash(func.bytes_to_list(b"abc")) == expected


@pytest.mark.parametrize("size", [0, 1, 63, 64, 65, 1000])
def test_digest_matches_gmssl_z_value(size):
    pair = sm2_pair("z")
    data = os.urandom(size)
    crypt = sm2.CryptSM2(private_key=pair.d_hex, public_key="")
    crypt.public_key = pair.public_hex
    assert sm2_digest(bytes.fromhex(pair.public_hex), data).hex() == crypt._sm3_z(data)


def test_cross_check_with_gmssl_verify_with_sm3():
    for i in range(10):
        pair = sm2_pair(f"k{i}")
        data = os.urandom(i * 50)
        sig = pair.sign_raw(data)
        crypt = sm2.CryptSM2(private_key=None, public_key="")
        crypt.public_key = pair.public_hex
        tampered = data + b"."
        assert verify_sm2(pair.jwk, data, sig) is True and crypt.verify_with_sm3(sig.hex(), data)
        assert verify_sm2(pair.jwk, tampered, sig) is False and not crypt.verify_with_sm3(sig.hex(), tampered)


def test_out_of_range_signature_values_rejected():
    pair = sm2_pair("r")
    n = int(sm2.default_ecc_table["n"], 16)
    assert not verify_sm2(pair.jwk, b"x", n.to_bytes(32, "big") + (1).to_bytes(32, "big"))
    assert not verify_sm2(pair.jwk, b"x", bytes(64))
