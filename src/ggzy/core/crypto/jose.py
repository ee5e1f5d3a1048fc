"""Small, strict JOSE building blocks shared by the platform and bidder sides (RFC 7515/7516/7518).

Only what the sealed-bid formats need: unpadded base64url, compact JSON, raw ``r||s`` ES256.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature

HEX64_RE = re.compile(r"^[0-9a-f]{64}\Z")
_B64URL_TO_STD = bytes.maketrans(b"-_", b"+/")
ES256_SIGNATURE_BYTES = 64  # RFC 7518 §3.4: raw R || S, 32 bytes each


def b64url_encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def b64url_decode(value: Any) -> bytes:
    """Decode unpadded base64url; raise ``ValueError`` on anything else (padding, other alphabets)."""
    if isinstance(value, str):
        try:
            value = value.encode("ascii")
        except UnicodeEncodeError as exc:
            raise ValueError("not base64url") from exc
    if not isinstance(value, bytes) or len(value) % 4 == 1:
        raise ValueError("not base64url")
    # a2b_base64(strict_mode) validates the alphabet in C; after translating "-_" we must make sure the
    # input had no "+", "/" or "=" of its own (fast substring scans, even on multi-megabyte ciphertexts).
    if b"+" in value or b"/" in value or b"=" in value:
        raise ValueError("not base64url")
    try:
        return binascii.a2b_base64(
            value.translate(_B64URL_TO_STD) + b"=" * (-len(value) % 4), strict_mode=True
        )
    except binascii.Error as exc:
        raise ValueError("not base64url") from exc


_B64URL_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


_B64URL_TEXT_RE = re.compile(r"[A-Za-z0-9_-]*")


def is_b64url(value: str) -> bool:
    """True iff ``value`` is unpadded base64url that decodes; without decoding or copying (a regex over the
    string itself: cheap in time and memory on a multi-megabyte ciphertext)."""
    return len(value) % 4 != 1 and _B64URL_TEXT_RE.fullmatch(value) is not None


def compact_json(data: Any) -> bytes:
    """UTF-8, no spaces, keys sorted: the bytes we sign (any bytes verify; this is just our choice)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _reject_constant(name: str) -> Any:
    raise ValueError(f"JSON constant {name} is not allowed")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate JSON member {key!r}")
        result[key] = value
    return result


def strict_json_loads(text: str | bytes, **kwargs: Any) -> Any:
    """``json.loads`` refusing NaN/Infinity and duplicate members (both make signed data ambiguous)."""
    return json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_no_duplicates, **kwargs)


def es256_sign(private_key: ec.EllipticCurvePrivateKey, data: bytes) -> bytes:
    r, s = decode_dss_signature(private_key.sign(data, ec.ECDSA(hashes.SHA256())))
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")


def es256_verify(public_key: ec.EllipticCurvePublicKey, signature: bytes, data: bytes) -> bool:
    if len(signature) != ES256_SIGNATURE_BYTES:
        return False
    r, s = int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
    try:
        public_key.verify(encode_dss_signature(r, s), data, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return False
    return True


def p256_public_key(jwk: dict[str, Any]) -> ec.EllipticCurvePublicKey:
    """Public key object of an EC P-256 JWK; ``ValueError`` if it is not one."""
    if not isinstance(jwk, dict) or jwk.get("kty") != "EC" or jwk.get("crv") != "P-256":
        raise ValueError("not an EC P-256 JWK")
    x, y = b64url_decode(jwk.get("x", "")), b64url_decode(jwk.get("y", ""))
    if len(x) != 32 or len(y) != 32:
        raise ValueError("bad P-256 coordinates")
    numbers = ec.EllipticCurvePublicNumbers(
        int.from_bytes(x, "big"), int.from_bytes(y, "big"), ec.SECP256R1()
    )
    return numbers.public_key()


def split_compact_jws(token: Any) -> tuple[dict[str, Any], bytes, bytes, bytes]:
    """(header, payload bytes, signing input, signature) of a compact JWS; ``ValueError`` if malformed."""
    if not isinstance(token, str) or token.count(".") != 2:
        raise ValueError("not a compact JWS")
    header_b64, payload_b64, signature_b64 = token.split(".")
    header = strict_json_loads(b64url_decode(header_b64))
    if not isinstance(header, dict):
        raise ValueError("JWS header is not an object")
    signing_input = f"{header_b64}.{payload_b64}".encode("ascii")
    return header, b64url_decode(payload_b64), signing_input, b64url_decode(signature_b64)


def sign_compact_es256(
    private_key: ec.EllipticCurvePrivateKey, *, kid: str, payload: bytes, **extra: Any
) -> str:
    header = b64url_encode(compact_json({"alg": "ES256", "kid": kid, **extra}))
    signing_input = f"{header}.{b64url_encode(payload)}"
    return f"{signing_input}.{b64url_encode(es256_sign(private_key, signing_input.encode('ascii')))}"


def jwk_thumbprint(jwk: dict[str, Any]) -> str:
    """RFC 7638 thumbprint (SHA-256, base64url) over the required public members."""
    required = ("e", "kty", "n") if jwk["kty"] == "RSA" else ("crv", "kty", "x", "y")
    canonical = json.dumps({k: jwk[k] for k in required}, separators=(",", ":"), sort_keys=True)
    return b64url_encode(hashlib.sha256(canonical.encode("ascii")).digest())
