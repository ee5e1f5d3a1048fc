"""Real key pairs for tests: P-256 (cryptography), SM2 (gmssl), RSA-3072 (jwcrypto)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature
from gmssl import sm2

from ggzy.parties.jwk import b64url_encode


@dataclass
class P256Pair:
    private: ec.EllipticCurvePrivateKey
    jwk: dict

    def sign_der(self, data: bytes) -> bytes:
        return self.private.sign(data, ec.ECDSA(hashes.SHA256()))

    def sign_raw(self, data: bytes) -> bytes:
        r, s = decode_dss_signature(self.sign_der(data))
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")


def p256_pair(kid: str) -> P256Pair:
    private = ec.generate_private_key(ec.SECP256R1())
    nums = private.public_key().public_numbers()
    jwk = {
        "kty": "EC",
        "crv": "P-256",
        "kid": kid,
        "use": "sig",
        "alg": "ES256",
        "x": b64url_encode(nums.x.to_bytes(32, "big")),
        "y": b64url_encode(nums.y.to_bytes(32, "big")),
    }
    return P256Pair(private, jwk)


@dataclass
class Sm2Pair:
    d_hex: str
    public_hex: str
    jwk: dict

    def _crypt(self) -> sm2.CryptSM2:
        crypt = sm2.CryptSM2(private_key=self.d_hex, public_key="")
        crypt.public_key = self.public_hex
        return crypt

    def sign_raw(self, data: bytes) -> bytes:
        return bytes.fromhex(self._crypt().sign_with_sm3(data))

    def sign_der(self, data: bytes) -> bytes:
        raw = self.sign_raw(data)
        return encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))


def sm2_pair(kid: str) -> Sm2Pair:
    n = int(sm2.default_ecc_table["n"], 16)
    d = secrets.randbelow(n - 2) + 1
    d_hex = f"{d:064x}"
    crypt = sm2.CryptSM2(private_key=d_hex, public_key="")
    public_hex = crypt._kg(d, sm2.default_ecc_table["g"])
    jwk = {
        "kty": "EC",
        "crv": "SM2",
        "kid": kid,
        "use": "sig",
        "alg": "SM2SM3",
        "x": b64url_encode(bytes.fromhex(public_hex[:64])),
        "y": b64url_encode(bytes.fromhex(public_hex[64:])),
    }
    return Sm2Pair(d_hex, public_hex, jwk)
