"""Verifying document signatures against a registered public JWK.

ES256: ECDSA P-256 over SHA-256; the signature may be raw ``r||s`` (64 bytes, as in JWS) or DER.
SM2SM3: SM2 signature over SM3(Z_A || M) with the default user ID ``1234567812345678``
(GB/T 32918.2, GM/T 0009), raw ``r||s`` (64 bytes) or DER; the curve arithmetic is gmssl's, the SM3
digest OpenSSL's (tests cross-check against gmssl's own ``verify_with_sm3``).
"""

from __future__ import annotations

from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature

from .jwk import ALG_ES256, ALG_SM2, SM2_A, SM2_B, SM2_N, b64url_decode

# DER of two 32-byte integers is 8..72 bytes; anything else is not a signature we accept.
MAX_SIGNATURE_BYTES = 80


def _split_signature(signature: bytes) -> tuple[int, int] | None:
    if not isinstance(signature, bytes | bytearray) or not signature or len(signature) > MAX_SIGNATURE_BYTES:
        return None
    if len(signature) == 64:
        return int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
    try:
        return decode_dss_signature(bytes(signature))
    except ValueError:
        return None


def verify_es256(jwk: dict[str, Any], data: bytes, signature: bytes) -> bool:
    rs = _split_signature(signature)
    if rs is None:
        return False
    x = int.from_bytes(b64url_decode(jwk["x"], "x"), "big")
    y = int.from_bytes(b64url_decode(jwk["y"], "y"), "big")
    key = ec.EllipticCurvePublicNumbers(x, y, ec.SECP256R1()).public_key()
    try:
        key.verify(encode_dss_signature(*rs), data, ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, ValueError):
        return False
    return True


SM2_DEFAULT_ID = b"1234567812345678"
SM2_GX = int("32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7", 16)
SM2_GY = int("BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0", 16)


def sm3(data: bytes) -> bytes:
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize()


def sm2_digest(public_xy: bytes, data: bytes, uid: bytes = SM2_DEFAULT_ID) -> bytes:
    """e = SM3(Z_A || M), Z_A = SM3(ENTL_A || ID_A || a || b || x_G || y_G || x_A || y_A) (GB/T 32918.2 §6.1).

    SM3 comes from OpenSSL via ``cryptography``: gmssl's pure-Python SM3 costs ~24 ms per KB of document.
    """
    curve = b"".join(v.to_bytes(32, "big") for v in (SM2_A, SM2_B, SM2_GX, SM2_GY))
    z_a = sm3((len(uid) * 8).to_bytes(2, "big") + uid + curve + public_xy)
    return sm3(z_a + data)


def verify_sm2(jwk: dict[str, Any], data: bytes, signature: bytes) -> bool:
    from gmssl import sm2

    rs = _split_signature(signature)
    if rs is None:
        return False
    r, s = rs
    if not (1 <= r < SM2_N and 1 <= s < SM2_N):  # gmssl does not check the ranges itself
        return False
    public_xy = b64url_decode(jwk["x"], "x") + b64url_decode(jwk["y"], "y")
    crypt = sm2.CryptSM2(private_key=None, public_key="")
    # Set after construction: gmssl's constructor lstrip("04")s the key, corrupting x when it starts with 0 or 4.
    crypt.public_key = public_xy.hex()
    try:  # The elliptic-curve check itself is gmssl's.
        return bool(crypt.verify(f"{r:064x}{s:064x}", sm2_digest(public_xy, bytes(data))))
    except (ValueError, TypeError, IndexError):
        return False


VERIFIERS = {ALG_ES256: verify_es256, ALG_SM2: verify_sm2}


def verify_with_jwk(jwk: dict[str, Any], data: bytes, signature: bytes) -> bool:
    verifier = VERIFIERS.get(jwk.get("alg", ""))
    if verifier is None or not isinstance(data, bytes | bytearray):
        return False
    return verifier(jwk, bytes(data), signature)
