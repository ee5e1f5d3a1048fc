"""Platform side of sealed bids (sealed-bids spec §3–§4; 20号令 Art.26–31).

The platform never holds a bidder's private key, so it cannot open a bid before the opening:

- ``verify_submission`` — at upload: the envelope is a well-formed JWE (flattened JSON, RSA-OAEP-256 +
  A256GCM, encrypted to the bidder's own ``enc`` key), the manifest is signed by the bidder's registered
  ``sig`` key, names this section and bidder, and covers exactly the envelope bytes received. Nothing is
  decrypted (nothing can be).
- ``open_envelope`` — at the opening: AES-256-GCM with the CEK the bidder sends, AAD per RFC 7516 §5.2,
  then ``sha256(plaintext)`` against the signed manifest.
- ``parse_bid_content`` (re-exported from ``bid_content``) — the decrypted §2 JSON.
- ``sign_receipt`` (re-exported from ``platform_keys``) — the 回执 (receipt) the platform signs.

Every refusal is ``InvalidInput`` with a stable ``code`` (see ``docs/sealed-bids-crypto.md``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ggzy.core.exceptions import InvalidInput
from ggzy.core.legal_rules import cite

from .bid_content import parse_bid_content  # noqa: F401 — public API of this module
from .jose import (
    HEX64_RE,
    b64url_decode,
    es256_verify,
    is_b64url,
    p256_public_key,
    split_compact_jws,
    strict_json_loads,
)
from .platform_keys import sign_receipt  # noqa: F401 — public API of this module

ALG_KEY_WRAP = "RSA-OAEP-256"  # spec §3; RSA ≥ 3072 (spec §1)
ENC_CONTENT = "A256GCM"
ALG_MANIFEST = "ES256"
CEK_BYTES = 32  # AES-256
GCM_IV_BYTES = 12  # RFC 7518 §5.3: 96-bit IV
GCM_TAG_BYTES = 16  # RFC 7518 §5.3: 128-bit tag
MIN_WRAPPED_KEY_BYTES = 384  # RSA-OAEP output = modulus length; 3072 bits minimum (spec §1)
MAX_WRAPPED_KEY_BYTES = 1024  # RSA 8192: anything longer is not a key we would have registered
MAX_PROTECTED_CHARS = 4096
REQUIRED_MEMBERS = ("protected", "encrypted_key", "iv", "ciphertext", "tag")
OPTIONAL_MEMBERS = ("aad",)  # RFC 7516 §7.2.1; included in the AAD when present (§5.2 step 14)
UNSUPPORTED_HEADER_PARAMS = ("zip", "crit", "jku", "jwk", "x5u", "x5c")
COMPACT_JWE_RE = re.compile(r"^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]*){4}\s*\Z")
CIPHERTEXT_TOKEN = '"ciphertext":"'
FAST_PARSE_MIN_CHARS = 64 * 1024  # below this the plain JSON parser is fast enough
MANIFEST_MEMBERS = ("sectionId", "bidder", "plaintextSha256", "envelopeSha256", "signedAt")


class DecryptionFailed(InvalidInput):
    """The envelope could not be opened with the CEK the bidder sent (spec §4).

    ``bidder_fault`` tells the caller which outcome the law assigns (20号令 Art.31): ``True`` → 撤销
    (revoked: wrong key, or the bidder signed a digest its own plaintext does not match); ``False`` →
    撤回 (withdrawn: the stored envelope is not the one the bidder signed — a platform failure).
    """

    default_code = "cek_invalid"
    default_message = "投标文件解密失败"

    def __init__(
        self, message: str | None = None, *, code: str | None = None, bidder_fault: bool = True, **kw: Any
    ):
        super().__init__(message, code=code, **kw)
        self.bidder_fault = bidder_fault
        self.details.setdefault("bidderFault", bidder_fault)


@dataclass(frozen=True)
class ParsedEnvelope:
    protected: str  # the base64url member exactly as sent (its ASCII is the AAD)
    header: dict[str, Any]
    encrypted_key: bytes
    iv: bytes
    ciphertext_b64: str
    tag: bytes
    aad: str | None

    @property
    def kid(self) -> str:
        return self.header["kid"]

    @property
    def additional_data(self) -> bytes:
        """RFC 7516 §5.2 step 14: ASCII(BASE64URL(protected)) [|| '.' || BASE64URL(aad)]."""
        if self.aad is None:
            return self.protected.encode("ascii")
        return f"{self.protected}.{self.aad}".encode("ascii")


def _bad(code: str, message: str, **details: Any) -> InvalidInput:
    return InvalidInput(message, code=code, details=details)


def _decode_member(document: dict[str, Any], member: str) -> bytes:
    try:
        return b64url_decode(document[member])
    except ValueError as exc:
        raise _bad(
            "envelope_malformed", f"投标文件信封成员“{member}”不是有效的 base64url", member=member
        ) from exc


def _loads_envelope(text: str) -> Any:
    """``strict_json_loads(text)``, without running the JSON scanner over a multi-megabyte ciphertext.

    The ciphertext value is cut out (it is base64url: no escapes) and replaced by a random marker; the
    small rest is parsed strictly. If the marker comes back as exactly the ``ciphertext`` member, the
    cut was a whole string token in that position (same text before it, so the same lexer state), and
    the result equals the full parse. Otherwise — or for small inputs — the full parser decides.
    A segment with raw control characters (which JSON forbids) is refused later by the base64url checks
    with the same code a JSON error gets.
    """
    start = text.find(CIPHERTEXT_TOKEN)
    if start != -1:
        begin = start + len(CIPHERTEXT_TOKEN)
        end = text.find('"', begin)
        if end - begin >= FAST_PARSE_MIN_CHARS and text.find("\\", begin, end) == -1:
            marker = f"ggzy-ciphertext-{secrets.token_hex(16)}"
            if marker not in text:
                document = strict_json_loads(text[:begin] + marker + text[end:])
                if isinstance(document, dict) and document.get("ciphertext") == marker:
                    document["ciphertext"] = text[begin:end]
                    return document
    return strict_json_loads(text)


def parse_envelope(envelope: Any) -> ParsedEnvelope:
    """Structure and header checks shared by submission and opening (no key needed, nothing decrypted)."""
    if not isinstance(envelope, str) or not envelope.strip():
        raise _bad("envelope_malformed", "投标文件信封应为 JSON 文本（JWE 扁平 JSON 序列化）")
    stripped = envelope.lstrip()
    if not stripped.startswith(("{", "[")):
        if COMPACT_JWE_RE.match(stripped):
            raise _bad(
                "envelope_malformed",
                "信封须为 JWE 扁平 JSON 序列化，不接受紧凑序列化",
                serialization="compact",
            )
        raise _bad("envelope_not_encrypted", f"投标文件未加密：只接受加密后的 JWE 信封（{cite('20号令26')}）")
    try:
        document = _loads_envelope(envelope)
    except ValueError as exc:
        raise _bad("envelope_malformed", "投标文件信封不是有效的 JSON") from exc
    if not isinstance(document, dict):
        raise _bad("envelope_malformed", "投标文件信封应为 JSON 对象")
    if "recipients" in document:
        raise _bad("envelope_malformed", "信封须为 JWE 扁平 JSON 序列化（单一接收方），不接受一般序列化")
    if "ciphertext" not in document or "protected" not in document:
        # Typically the plaintext bid content itself, or a JWS: refused as unencrypted (20号令 Art.26).
        raise _bad("envelope_not_encrypted", f"投标文件未加密：只接受加密后的 JWE 信封（{cite('20号令26')}）")
    missing = [m for m in REQUIRED_MEMBERS if not isinstance(document.get(m), str)]
    unknown = sorted(set(document) - set(REQUIRED_MEMBERS) - set(OPTIONAL_MEMBERS))
    if missing or unknown:
        raise _bad("envelope_malformed", "投标文件信封成员缺失或多余", missing=missing, unknown=unknown)
    aad = document.get("aad")
    if aad is not None and not isinstance(aad, str):
        raise _bad("envelope_malformed", "信封成员“aad”应为 base64url 字符串", member="aad")
    if aad is not None:
        _decode_member(document, "aad")
    protected = document["protected"]
    if len(protected) > MAX_PROTECTED_CHARS:
        raise _bad("envelope_malformed", "信封受保护头过长")
    try:
        header = strict_json_loads(_decode_member(document, "protected"))
    except ValueError as exc:
        raise _bad("envelope_malformed", "信封受保护头不是有效的 JSON") from exc
    if not isinstance(header, dict):
        raise _bad("envelope_malformed", "信封受保护头应为 JSON 对象")
    if header.get("alg") != ALG_KEY_WRAP or header.get("enc") != ENC_CONTENT:
        raise _bad(
            "envelope_alg_unsupported",
            f"不支持的加密算法：须为 alg={ALG_KEY_WRAP}、enc={ENC_CONTENT}",
            alg=header.get("alg"),
            enc=header.get("enc"),
        )
    unsupported = [p for p in UNSUPPORTED_HEADER_PARAMS if p in header]
    if unsupported:
        raise _bad("envelope_alg_unsupported", "信封受保护头含有不支持的参数", params=unsupported)
    if not isinstance(header.get("kid"), str) or not header["kid"]:
        raise _bad("envelope_malformed", "信封受保护头缺少 kid（投标人加密公钥标识）", member="kid")
    encrypted_key = _decode_member(document, "encrypted_key")
    iv, tag = _decode_member(document, "iv"), _decode_member(document, "tag")
    if not MIN_WRAPPED_KEY_BYTES <= len(encrypted_key) <= MAX_WRAPPED_KEY_BYTES:
        raise _bad("envelope_malformed", "加密的内容密钥长度不符（RSA 至少 3072 位）", member="encrypted_key")
    if len(iv) != GCM_IV_BYTES or len(tag) != GCM_TAG_BYTES:
        raise _bad("envelope_malformed", "AES-GCM 的 iv 应为 12 字节、tag 应为 16 字节", member="iv/tag")
    ciphertext_b64 = document["ciphertext"]
    if not ciphertext_b64:
        raise _bad("envelope_malformed", "信封密文为空", member="ciphertext")
    return ParsedEnvelope(protected, header, encrypted_key, iv, ciphertext_b64, tag, aad)


def manifest_kid(manifest: Any) -> str:
    """The ``kid`` in the manifest's header, to look up the bidder's registered key (not verified yet)."""
    try:
        header = split_compact_jws(manifest)[0]
    except ValueError as exc:
        raise _bad("manifest_malformed", "签名清单应为 JWS 紧凑序列化") from exc
    if not isinstance(header.get("kid"), str) or not header["kid"]:
        raise _bad("manifest_malformed", "签名清单头缺少 kid", member="kid")
    return header["kid"]


def _check_manifest_payload(payload: Any) -> dict[str, Any]:
    if not isinstance(payload, dict):
        raise _bad("manifest_malformed", "签名清单内容应为 JSON 对象")
    missing = [m for m in MANIFEST_MEMBERS if not isinstance(payload.get(m), str) or not payload[m]]
    if missing:
        raise _bad("manifest_malformed", "签名清单缺少必填项", missing=missing)
    for member in ("plaintextSha256", "envelopeSha256"):
        if not HEX64_RE.match(payload[member]):
            raise _bad("manifest_malformed", f"签名清单“{member}”应为 64 位小写十六进制", member=member)
    try:
        signed_at = dt.datetime.fromisoformat(payload["signedAt"].replace("Z", "+00:00"))
    except ValueError as exc:
        raise _bad("manifest_malformed", "签名清单“signedAt”应为 ISO-8601 时间", member="signedAt") from exc
    if signed_at.tzinfo is None:
        raise _bad("manifest_malformed", "签名清单“signedAt”须带时区", member="signedAt")
    return payload


def verify_manifest(*, manifest: Any, sig_jwk: dict[str, Any]) -> dict[str, Any]:
    """Verify the ES256 compact JWS with the bidder's registered public ``sig`` JWK; return its payload."""
    try:
        header, payload_bytes, signing_input, signature = split_compact_jws(manifest)
        payload = strict_json_loads(payload_bytes)
    except (ValueError, UnicodeDecodeError) as exc:
        raise _bad("manifest_malformed", "签名清单应为 JWS 紧凑序列化，内容为 JSON") from exc
    if header.get("alg") != ALG_MANIFEST:
        raise _bad("manifest_malformed", "签名清单须使用 ES256 签名", alg=header.get("alg"))
    if "crit" in header:
        raise _bad("manifest_malformed", "签名清单头含有不支持的 crit 参数")
    try:
        public_key = p256_public_key(sig_jwk)
    except ValueError as exc:
        raise _bad("manifest_signature_invalid", "登记的签名公钥不是 ES256（P-256）公钥") from exc
    if header.get("kid") != sig_jwk.get("kid"):
        raise _bad(
            "manifest_signature_invalid",
            "签名清单不是用登记的签名密钥签署的",
            kid=header.get("kid"),
            expected=sig_jwk.get("kid"),
        )
    if not es256_verify(public_key, signature, signing_input):
        raise _bad("manifest_signature_invalid", "签名清单的签名验证失败")
    return _check_manifest_payload(payload)


HASH_SLICE_CHARS = 1024 * 1024


def _utf8_size_and_sha256(text: str) -> tuple[int, str]:
    """Size and SHA-256 of ``text``'s UTF-8 bytes, encoded slice by slice: no second full copy in memory."""
    digest, size = hashlib.sha256(), 0
    for start in range(0, len(text), HASH_SLICE_CHARS):
        # A slice boundary inside a surrogate pair cannot occur: Python strings hold code points.
        data = text[start : start + HASH_SLICE_CHARS].encode("utf-8")
        size += len(data)
        digest.update(data)
    return size, digest.hexdigest()


def verify_submission(
    *,
    envelope: str,
    manifest: str,
    section_id: str,
    bidder_uscc: str,
    sig_jwk: dict[str, Any],
    enc_kid: str | None = None,
    max_bytes: int,
) -> dict[str, Any]:
    """Check a bid upload (spec §3) and return the verified manifest payload. Decrypts nothing.

    ``enc_kid``: when given, the envelope must be encrypted to exactly that registered ``enc`` key.
    ``max_bytes``: limit on the UTF-8 size of the envelope as sent (``envelope_too_large``).
    """
    if not isinstance(envelope, str):
        raise _bad("envelope_malformed", "投标文件信封应为 JSON 文本（JWE 扁平 JSON 序列化）")
    # Cheap bound before encoding: every character is at least one UTF-8 byte.
    if len(envelope) > max_bytes:
        raise _bad("envelope_too_large", "投标文件超过允许的大小", maxBytes=max_bytes)
    try:
        size, actual = _utf8_size_and_sha256(envelope)
    except UnicodeEncodeError as exc:
        raise _bad("envelope_malformed", "投标文件信封含有无效字符") from exc
    if size > max_bytes:
        raise _bad("envelope_too_large", "投标文件超过允许的大小", maxBytes=max_bytes, size=size)
    parsed = parse_envelope(envelope)
    if not is_b64url(parsed.ciphertext_b64):
        # Refused at upload, not discovered at the opening (where it would cost the bidder its bid).
        raise _bad("envelope_malformed", "信封密文不是有效的 base64url", member="ciphertext")
    if enc_kid is not None and parsed.kid != enc_kid:
        raise _bad(
            "envelope_kid_mismatch", "信封不是用投标人登记的加密公钥加密的", kid=parsed.kid, expected=enc_kid
        )
    payload = verify_manifest(manifest=manifest, sig_jwk=sig_jwk)
    if payload["sectionId"] != str(section_id) or payload["bidder"] != bidder_uscc:
        raise _bad(
            "manifest_mismatch",
            "签名清单中的标段或投标人与本次提交不符",
            sectionId=payload["sectionId"],
            bidder=payload["bidder"],
        )
    if not hmac.compare_digest(actual, payload["envelopeSha256"]):
        raise _bad(
            "envelope_digest_mismatch", "信封内容与签名清单中的摘要不符（签名后被改动）", actual=actual
        )
    return payload


def open_envelope(
    *, envelope: str, cek: bytes, plaintext_sha256: str, envelope_sha256: str | None = None
) -> bytes:
    """Decrypt at the opening (spec §4) and return the plaintext bid content bytes.

    ``envelope_sha256`` (recommended: the manifest's ``envelopeSha256``) lets a failure be attributed: if
    the stored bytes are not the ones the bidder signed, the code is ``ciphertext_tampered`` and
    ``bidder_fault`` is False (撤回); a GCM failure on the signed bytes can then only be a wrong CEK
    (``cek_invalid``, 撤销). Without it, AES-GCM cannot tell a wrong key from modified bytes and the
    failure is reported as ``cek_invalid`` with ``details.reason = "gcm_authentication_failed"``.
    """
    if not isinstance(cek, bytes | bytearray) or len(cek) != CEK_BYTES:
        raise DecryptionFailed(
            "内容密钥（CEK）应为 32 字节", code="cek_invalid", details={"reason": "cek_length"}
        )
    if not isinstance(plaintext_sha256, str) or not HEX64_RE.match(plaintext_sha256):
        raise InvalidInput("明文摘要应为 64 位小写十六进制", code="manifest_malformed")
    if envelope_sha256 is not None:
        stored = hashlib.sha256(envelope.encode("utf-8")).hexdigest()
        if not hmac.compare_digest(stored, envelope_sha256):
            raise DecryptionFailed(
                "平台保存的信封与投标人签名的信封不一致", code="ciphertext_tampered", bidder_fault=False
            )
    try:
        parsed = parse_envelope(envelope)
        ciphertext = b64url_decode(parsed.ciphertext_b64)
    except InvalidInput as exc:
        raise DecryptionFailed(
            exc.message, code="ciphertext_tampered", bidder_fault=envelope_sha256 is not None
        ) from exc
    except ValueError as exc:
        raise DecryptionFailed(
            "信封密文不是有效的 base64url",
            code="ciphertext_tampered",
            bidder_fault=envelope_sha256 is not None,
        ) from exc
    try:
        plaintext = AESGCM(bytes(cek)).decrypt(parsed.iv, ciphertext + parsed.tag, parsed.additional_data)
    except InvalidTag as exc:
        raise DecryptionFailed(
            "解密失败：内容密钥错误或密文认证标签不符",
            code="cek_invalid",
            details={"reason": "gcm_authentication_failed"},
        ) from exc
    if not hmac.compare_digest(hashlib.sha256(plaintext).hexdigest(), plaintext_sha256):
        raise DecryptionFailed("解密结果与签名清单中的明文摘要不符", code="plaintext_digest_mismatch")
    return plaintext
