"""The platform's own ES256 signing key (sealed-bids spec §1, §3): receipts (回执) and notices.

Where the key lives:
- ``GGZY_PLATFORM_KEY_FILE`` (PEM, PKCS#8 or SEC1, unencrypted — protect it with file permissions or
  a secrets mount) when set; production sets it, and every app server reads the same file;
- else ``VAR_DIR/keys/platform-es256.pem``, generated on first use with mode 0600. Two processes
  racing to create it both end up with the same key: each writes a private temporary file
  (``O_CREAT|O_EXCL``, 0600) and publishes it with ``link()``, which fails if the name exists — the
  loser deletes its temporary file and loads the winner's, which is complete by then.

Public JWKS (``GET /api/v1/platform/keys``): ``platform_jwks()``; ``kid`` = RFC 7638 thumbprint.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from ggzy.core.exceptions import InvalidInput

from .jose import (
    b64url_encode,
    compact_json,
    es256_verify,
    jwk_thumbprint,
    sign_compact_es256,
    split_compact_jws,
    strict_json_loads,
)
from .keyfiles import publish_once

KEY_FILE_ENV = "GGZY_PLATFORM_KEY_FILE"
DEFAULT_KEY_NAME = "platform-es256.pem"
RECEIPT_KIND = "bid-receipt"  # added claim: a receipt can never be mistaken for another signed object

_lock = threading.Lock()
_cache: dict[str, tuple[ec.EllipticCurvePrivateKey, dict[str, Any]]] = {}


def key_path() -> Path:
    configured = os.environ.get(KEY_FILE_ENV)
    if configured:
        return Path(configured)
    from django.conf import settings

    return Path(settings.VAR_DIR) / "keys" / DEFAULT_KEY_NAME


def _create_once(path: Path) -> None:
    """Generate a key into ``path`` unless it exists; safe when several processes race."""
    pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    publish_once(path, pem)


def _public_jwk(private_key: ec.EllipticCurvePrivateKey) -> dict[str, Any]:
    numbers = private_key.public_key().public_numbers()
    jwk = {
        "kty": "EC",
        "crv": "P-256",
        "x": b64url_encode(numbers.x.to_bytes(32, "big")),
        "y": b64url_encode(numbers.y.to_bytes(32, "big")),
    }
    return {**jwk, "kid": jwk_thumbprint(jwk), "use": "sig", "alg": "ES256"}


def _load() -> tuple[ec.EllipticCurvePrivateKey, dict[str, Any]]:
    path = key_path()
    cache_key = str(path)
    with _lock:
        if cache_key in _cache:
            return _cache[cache_key]
        if not path.exists():
            if os.environ.get(KEY_FILE_ENV):
                raise RuntimeError(f"{KEY_FILE_ENV}={path} does not exist")
            _create_once(path)
        private_key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(private_key, ec.EllipticCurvePrivateKey) or private_key.curve.name != "secp256r1":
            raise RuntimeError(f"{path}: the platform key must be an EC P-256 private key")
        _cache[cache_key] = (private_key, _public_jwk(private_key))
        return _cache[cache_key]


def clear_cache() -> None:
    """Forget loaded keys (tests that switch ``GGZY_PLATFORM_KEY_FILE``; key rotation without restart)."""
    with _lock:
        _cache.clear()


def platform_jwks() -> dict[str, Any]:
    """Public JWKS served at ``GET /api/v1/platform/keys``."""
    return {"keys": [dict(_load()[1])]}


def sign_platform_jws(claims: dict[str, Any]) -> str:
    """Compact ES256 JWS over the claims (UTF-8 JSON, keys sorted), header ``{"alg","kid"}``."""
    private_key, public = _load()
    return sign_compact_es256(private_key, kid=public["kid"], payload=compact_json(claims))


def verify_platform_jws(token: str) -> dict[str, Any]:
    """Claims of a JWS signed by the platform's current key; ``InvalidInput(platform_signature_invalid)``."""
    private_key, public = _load()
    try:
        header, payload, signing_input, signature = split_compact_jws(token)
        claims = strict_json_loads(payload)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput("平台签名格式无效", code="platform_signature_invalid") from exc
    if header.get("alg") != "ES256" or header.get("kid") != public["kid"] or not isinstance(claims, dict):
        raise InvalidInput(
            "不是平台当前密钥签署的", code="platform_signature_invalid", details={"kid": header.get("kid")}
        )
    if not es256_verify(private_key.public_key(), signature, signing_input):
        raise InvalidInput("平台签名验证失败", code="platform_signature_invalid")
    return claims


def receipt_claims(
    *, bid_id: Any, section_id: Any, bidder: str, envelope_sha256: str, received_at: dt.datetime
) -> dict:
    if received_at.tzinfo is None:
        raise ValueError("received_at must be timezone-aware")
    return {
        "kind": RECEIPT_KIND,
        "bidId": str(bid_id),
        "sectionId": str(section_id),
        "bidder": bidder,
        "envelopeSha256": envelope_sha256,
        "receivedAt": received_at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
    }


def sign_receipt(
    *, bid_id: Any, section_id: Any, bidder: str, envelope_sha256: str, received_at: dt.datetime
) -> str:
    """The 回执 (spec §3; 20号令 Art.27): compact JWS by the platform over
    ``{"bidId","sectionId","bidder","envelopeSha256","receivedAt"}`` (+ ``"kind": "bid-receipt"``).
    ``received_at`` must be aware (pass ``clock.now()``); it is written in UTC."""
    return sign_platform_jws(
        receipt_claims(
            bid_id=bid_id,
            section_id=section_id,
            bidder=bidder,
            envelope_sha256=envelope_sha256,
            received_at=received_at,
        )
    )
