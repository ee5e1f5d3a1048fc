"""What the bidder's own tools do (sealed-bids spec §1–§4): keys, key file, sealing, CEK unwrapping.

Runs on the bidder's machine (``ggzy bidder``) and in tests; ``static/ggzy/bidder/bidder.js`` does the
same in the browser with WebCrypto and reads/writes the same key file. The platform never runs this
code with a bidder's private key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ggzy.core.crypto.bid_content import BID_FORMAT, CURRENCY, PRICE_MAX_DECIMALS
from ggzy.core.crypto.envelope import ALG_KEY_WRAP, CEK_BYTES, ENC_CONTENT, GCM_IV_BYTES, parse_envelope
from ggzy.core.crypto.jose import (
    b64url_decode,
    b64url_encode,
    compact_json,
    jwk_thumbprint,
    sha256_hex,
    sign_compact_es256,
    strict_json_loads,
)
from ggzy.core.exceptions import InvalidInput

RSA_BITS = 3072  # spec §1: RSA ≥ 3072
KEYFILE_FORMAT = "ggzy-bidder-keyfile/1"
PBKDF2_ITERATIONS = 600_000  # OWASP 2023 recommendation for PBKDF2-HMAC-SHA256
PBKDF2_MAX_ITERATIONS = 10_000_000  # refuse absurd values from a file (denial of service)
SALT_BYTES = 16
MIN_PASSPHRASE_CHARS = 8
OAEP_SHA256 = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)


def _int_b64(value: int, length: int | None = None) -> str:
    length = length or max(1, (value.bit_length() + 7) // 8)
    return b64url_encode(value.to_bytes(length, "big"))


def _b64_int(value: str) -> int:
    return int.from_bytes(b64url_decode(value), "big")


def _kid(uscc: str, use: str, public: dict[str, Any]) -> str:
    # Hex of the RFC 7638 thumbprint: fits the platform's kid alphabet ("_" is not allowed there).
    return f"{uscc}-{use}-{b64url_decode(jwk_thumbprint(public)).hex()[:32]}"


@dataclass(frozen=True)
class BidderKeys:
    """The bidder's two private JWKs (RFC 7517): ``enc`` RSA-OAEP-256, ``sig`` ES256."""

    uscc: str
    enc: dict[str, Any]
    sig: dict[str, Any]

    @property
    def enc_public(self) -> dict[str, Any]:
        return {k: self.enc[k] for k in ("kty", "n", "e", "kid", "use", "alg")}

    @property
    def sig_public(self) -> dict[str, Any]:
        return {k: self.sig[k] for k in ("kty", "crv", "x", "y", "kid", "use", "alg")}

    def public_jwks(self) -> list[dict[str, Any]]:
        return [self.enc_public, self.sig_public]

    def enc_public_key(self) -> rsa.RSAPublicKey:
        return rsa.RSAPublicNumbers(_b64_int(self.enc["e"]), _b64_int(self.enc["n"])).public_key()

    def enc_private_key(self) -> rsa.RSAPrivateKey:
        return self._enc_private

    def sig_private_key(self) -> ec.EllipticCurvePrivateKey:
        return self._sig_private

    # Built once per object: cryptography checks RSA key consistency, which takes a noticeable moment.
    @cached_property
    def _enc_private(self) -> rsa.RSAPrivateKey:
        j = self.enc
        public = rsa.RSAPublicNumbers(_b64_int(j["e"]), _b64_int(j["n"]))
        return rsa.RSAPrivateNumbers(
            p=_b64_int(j["p"]), q=_b64_int(j["q"]), d=_b64_int(j["d"]),
            dmp1=_b64_int(j["dp"]), dmq1=_b64_int(j["dq"]), iqmp=_b64_int(j["qi"]), public_numbers=public,
        ).private_key()  # fmt: skip

    @cached_property
    def _sig_private(self) -> ec.EllipticCurvePrivateKey:
        j = self.sig
        public = ec.EllipticCurvePublicNumbers(_b64_int(j["x"]), _b64_int(j["y"]), ec.SECP256R1())
        return ec.EllipticCurvePrivateNumbers(_b64_int(j["d"]), public).private_key()


def _rsa_jwk(key: rsa.RSAPrivateKey, uscc: str) -> dict[str, Any]:
    n = key.private_numbers()
    pub = n.public_numbers
    public = {"kty": "RSA", "n": _int_b64(pub.n), "e": _int_b64(pub.e)}
    private = {"d": _int_b64(n.d), "p": _int_b64(n.p), "q": _int_b64(n.q), "dp": _int_b64(n.dmp1),
               "dq": _int_b64(n.dmq1), "qi": _int_b64(n.iqmp)}  # fmt: skip
    return {**public, **private, "kid": _kid(uscc, "enc", public), "use": "enc", "alg": ALG_KEY_WRAP}


def _ec_jwk(key: ec.EllipticCurvePrivateKey, uscc: str) -> dict[str, Any]:
    n = key.private_numbers()
    public = {
        "kty": "EC",
        "crv": "P-256",
        "x": _int_b64(n.public_numbers.x, 32),
        "y": _int_b64(n.public_numbers.y, 32),
    }
    return {
        **public,
        "d": _int_b64(n.private_value, 32),
        "kid": _kid(uscc, "sig", public),
        "use": "sig",
        "alg": "ES256",
    }


def generate_bidder_keys(uscc: str) -> BidderKeys:
    """Fresh RSA-3072 ``enc`` and EC P-256 ``sig`` key pairs, as private JWKs with kids."""
    enc = rsa.generate_private_key(public_exponent=65537, key_size=RSA_BITS)
    sig = ec.generate_private_key(ec.SECP256R1())
    return BidderKeys(uscc=uscc, enc=_rsa_jwk(enc, uscc), sig=_ec_jwk(sig, uscc))


# --- passphrase-protected key file (same format in bidder.js) --------------------------------------


def _passphrase_key(passphrase: str, salt: bytes, iterations: int) -> bytes:
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return hashlib.pbkdf2_hmac("sha256", secret, salt, iterations, dklen=32)


def _keyfile_aad(uscc: str) -> bytes:
    return f"{KEYFILE_FORMAT}:{uscc}".encode()


def export_key_file(keys: BidderKeys, passphrase: str, *, iterations: int = PBKDF2_ITERATIONS) -> bytes:
    """JSON key file: both private JWKs encrypted with AES-256-GCM under PBKDF2-SHA256(passphrase)."""
    if not isinstance(passphrase, str) or len(passphrase) < MIN_PASSPHRASE_CHARS:
        raise InvalidInput(f"口令至少 {MIN_PASSPHRASE_CHARS} 个字符", code="passphrase_too_short")
    if iterations < PBKDF2_ITERATIONS:
        raise InvalidInput("口令派生迭代次数不足", code="keyfile_weak_kdf")
    salt, iv = os.urandom(SALT_BYTES), os.urandom(GCM_IV_BYTES)
    secret = compact_json({"enc": keys.enc, "sig": keys.sig})
    sealed = AESGCM(_passphrase_key(passphrase, salt, iterations)).encrypt(
        iv, secret, _keyfile_aad(keys.uscc)
    )
    document = {
        "format": KEYFILE_FORMAT,
        "uscc": keys.uscc,
        "public": {"enc": keys.enc_public, "sig": keys.sig_public},
        "kdf": {"name": "PBKDF2", "hash": "SHA-256", "iterations": iterations, "salt": b64url_encode(salt)},
        "cipher": {"name": "AES-GCM", "iv": b64url_encode(iv)},
        "ciphertext": b64url_encode(sealed),
    }
    return compact_json(document) + b"\n"


def _keyfile_bad(message: str, code: str = "keyfile_malformed") -> InvalidInput:
    return InvalidInput(message, code=code)


def import_key_file(data: bytes | str, passphrase: str) -> BidderKeys:
    """Read a key file written by ``export_key_file`` or by bidder.js. Codes: ``keyfile_malformed``,
    ``keyfile_weak_kdf``, ``keyfile_passphrase_wrong``."""
    try:
        document = strict_json_loads(data)
        kdf, cipher, uscc = document["kdf"], document["cipher"], document["uscc"]
        if document["format"] != KEYFILE_FORMAT or kdf["name"] != "PBKDF2" or kdf["hash"] != "SHA-256":
            raise _keyfile_bad("不是本平台的投标密钥文件")
        if cipher["name"] != "AES-GCM" or not isinstance(uscc, str):
            raise _keyfile_bad("不是本平台的投标密钥文件")
        iterations = kdf["iterations"]
        salt, iv = b64url_decode(kdf["salt"]), b64url_decode(cipher["iv"])
        sealed = b64url_decode(document["ciphertext"])
        public = document["public"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise _keyfile_bad("密钥文件格式错误") from exc
    if not isinstance(iterations, int) or not PBKDF2_ITERATIONS <= iterations <= PBKDF2_MAX_ITERATIONS:
        raise _keyfile_bad("密钥文件的口令派生参数不安全", code="keyfile_weak_kdf")
    if len(salt) < SALT_BYTES or len(iv) != GCM_IV_BYTES:
        raise _keyfile_bad("密钥文件格式错误")
    try:
        secret = AESGCM(_passphrase_key(passphrase, salt, iterations)).decrypt(iv, sealed, _keyfile_aad(uscc))
    except InvalidTag as exc:
        raise _keyfile_bad("口令错误，或密钥文件已损坏", code="keyfile_passphrase_wrong") from exc
    try:
        private = strict_json_loads(secret)
        keys = BidderKeys(uscc=uscc, enc=private["enc"], sig=private["sig"])
        consistent = keys.enc_public == public["enc"] and keys.sig_public == public["sig"]
        keys.enc_private_key(), keys.sig_private_key()  # noqa: B018 — parses and checks the numbers
    except (ValueError, KeyError, TypeError) as exc:
        raise _keyfile_bad("密钥文件内容无效") from exc
    if not consistent:
        raise _keyfile_bad("密钥文件中的公钥与私钥不一致")
    return keys


# --- sealing ---------------------------------------------------------------------------------------


def _json_number(value: Any) -> Any:
    """Decimal → JSON number that parses back to exactly the same decimal (int, or a short float)."""
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        as_float = float(value)
        if Decimal(repr(as_float)) != value:
            raise InvalidInput(
                "金额位数过多，无法精确表示", code="bid_content_invalid", details={"amount": str(value)}
            )
        return as_float
    if isinstance(value, dict):
        return {k: _json_number(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_number(v) for v in value]
    return value


def content_bytes(content: dict[str, Any]) -> bytes:
    """The plaintext that gets encrypted: compact UTF-8 JSON, amounts as exact JSON numbers."""
    return compact_json(_json_number(content))


def build_bid_content(
    *, section_id: str, bidder: str, amount: Decimal | str, declared: dict[str, Any] | None = None,
    files: list[tuple[str, str, bytes]] = (),
) -> dict[str, Any]:  # fmt: skip
    """§2 content from parts; ``files`` as ``(name, media type, bytes)``."""
    import base64

    price = Decimal(str(amount))
    if price.as_tuple().exponent < -PRICE_MAX_DECIMALS:
        raise InvalidInput("报价金额最多保留两位小数（分）", code="bid_content_invalid")
    return {
        "format": BID_FORMAT,
        "sectionId": str(section_id),
        "bidder": bidder,
        "price": {"amount": price, "currency": CURRENCY},
        "declared": dict(declared or {}),
        "files": [
            {"name": name, "mediaType": media_type, "data": base64.b64encode(data).decode("ascii")}
            for name, media_type, data in files
        ],
    }


def seal_bid(
    *, content: dict[str, Any], keys: BidderKeys, section_id: str, signed_at: dt.datetime | None = None
) -> dict[str, str]:
    """Encrypt the §2 content to the bidder's own ``enc`` key and sign the manifest (spec §3).

    Returns ``{"envelope", "manifest", "plaintextSha256", "envelopeSha256"}``; send the first two.
    """
    content = {"format": BID_FORMAT, **content}
    content.setdefault("sectionId", str(section_id))
    content.setdefault("bidder", keys.uscc)
    if content["sectionId"] != str(section_id) or content["bidder"] != keys.uscc:
        raise InvalidInput("投标内容中的标段或投标人与密钥不符", code="bid_content_invalid")
    plaintext = content_bytes(content)
    cek, iv = AESGCM.generate_key(bit_length=8 * CEK_BYTES), os.urandom(GCM_IV_BYTES)
    header = {"alg": ALG_KEY_WRAP, "enc": ENC_CONTENT, "kid": keys.enc["kid"]}
    protected = b64url_encode(compact_json(header))
    wrapped = keys.enc_public_key().encrypt(cek, OAEP_SHA256)
    sealed = AESGCM(cek).encrypt(iv, plaintext, protected.encode("ascii"))
    envelope = compact_json(
        {
            "protected": protected,
            "encrypted_key": b64url_encode(wrapped),
            "iv": b64url_encode(iv),
            "ciphertext": b64url_encode(sealed[:-16]),
            "tag": b64url_encode(sealed[-16:]),
        }
    ).decode("utf-8")
    signed_at = signed_at or dt.datetime.now(dt.UTC)
    payload = {
        "sectionId": str(section_id),
        "bidder": keys.uscc,
        "plaintextSha256": sha256_hex(plaintext),
        "envelopeSha256": sha256_hex(envelope.encode("utf-8")),
        "signedAt": signed_at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
    }
    manifest = sign_compact_es256(keys.sig_private_key(), kid=keys.sig["kid"], payload=compact_json(payload))
    return {
        "envelope": envelope,
        "manifest": manifest,
        "plaintextSha256": payload["plaintextSha256"],
        "envelopeSha256": payload["envelopeSha256"],
    }


def unwrap_cek(*, envelope: str, keys: BidderKeys) -> bytes:
    """RSA-OAEP-256 unwrap of the CEK with the bidder's private ``enc`` key (spec §4), done locally."""
    parsed = parse_envelope(envelope)
    if parsed.kid != keys.enc["kid"]:
        raise InvalidInput(
            "信封不是用此密钥文件中的加密密钥加密的",
            code="envelope_kid_mismatch",
            details={"kid": parsed.kid},
        )
    try:
        cek = keys.enc_private_key().decrypt(parsed.encrypted_key, OAEP_SHA256)
    except ValueError as exc:
        raise InvalidInput("无法解开内容密钥", code="cek_unwrap_failed") from exc
    if len(cek) != CEK_BYTES:
        raise InvalidInput("内容密钥长度不符", code="cek_unwrap_failed")
    return cek
