"""What public keys we accept (sealed-bids spec §1)."""

import json

import pytest
from jwcrypto import jwk as jwcrypto_jwk

from ggzy.core.exceptions import InvalidInput
from ggzy.parties.jwk import validate_public_jwk

from .keys import p256_pair, sm2_pair


def code_of(data):
    with pytest.raises(InvalidInput) as exc:
        validate_public_jwk(data)
    return exc.value.code


def test_es256_key_accepted_and_thumbprint_matches_jwcrypto():
    pair = p256_pair("sig-1")
    result = validate_public_jwk({**pair.jwk, "x5c": ["ignored"], "ext": True})
    assert result.kid == "sig-1" and result.use == "sig" and result.alg == "ES256"
    assert set(result.jwk) == {"kty", "crv", "x", "y", "kid", "use", "alg"}  # only public members kept
    assert result.fingerprint == jwcrypto_jwk.JWK(**pair.jwk).thumbprint()


def test_rsa_3072_enc_key_accepted(rsa_jwk):
    result = validate_public_jwk(rsa_jwk)
    assert result.use == "enc" and result.alg == "RSA-OAEP-256"
    assert result.fingerprint == jwcrypto_jwk.JWK(**rsa_jwk).thumbprint()


def test_sm2_key_accepted():
    result = validate_public_jwk(sm2_pair("gm-1").jwk)
    assert result.alg == "SM2SM3" and result.jwk["crv"] == "SM2" and len(result.fingerprint) == 43


def test_private_keys_rejected(rsa3072_private):
    ec_private = jwcrypto_jwk.JWK.generate(kty="EC", crv="P-256")
    data = json.loads(ec_private.export_private())
    data.update(kid="k", use="sig", alg="ES256")
    assert code_of(data) == "private_key_rejected"
    rsa_data = json.loads(rsa3072_private.export_private())
    rsa_data.update(kid="r", use="enc", alg="RSA-OAEP-256")
    assert code_of(rsa_data) == "private_key_rejected"
    assert code_of({**sm2_pair("s").jwk, "d": "AAAA"}) == "private_key_rejected"


def test_rsa_2048_is_too_weak():
    data = json.loads(jwcrypto_jwk.JWK.generate(kty="RSA", size=2048).export_public())
    data.update(kid="r", use="enc", alg="RSA-OAEP-256")
    assert code_of(data) == "weak_key"


@pytest.mark.parametrize(
    "change",
    [
        {"kid": None},
        {"kid": ""},
        {"kid": "has space"},
        {"kid": "x" * 129},
        {"kid": "a/b"},
        {"x": "not base64!"},
        {"x": "AAAA"},
        {"crv": "P-384"},
        {"key_ops": ["sign"]},
    ],
)
def test_malformed_es256_keys_rejected(change):
    data = {**p256_pair("k").jwk, **change}
    if change.get("kid") is None and "kid" in change:
        del data["kid"]
    assert code_of(data) == "invalid_jwk"


def test_point_not_on_curve_rejected():
    data = dict(p256_pair("k").jwk)
    other = p256_pair("k2").jwk
    data["y"] = other["y"]
    assert code_of(data) == "invalid_jwk"
    sm2 = dict(sm2_pair("s").jwk)
    sm2["y"] = sm2_pair("s2").jwk["y"]
    assert code_of(sm2) == "invalid_jwk"


@pytest.mark.parametrize(
    "change",
    [{"alg": "RS256"}, {"use": "enc"}, {"alg": "ES384"}, {"use": None}],
)
def test_unsupported_use_or_alg(change):
    assert code_of({**p256_pair("k").jwk, **change}) == "unsupported_key"


def test_not_an_object():
    assert code_of(["kty"]) == "invalid_jwk"
    assert code_of("{}") == "invalid_jwk"
