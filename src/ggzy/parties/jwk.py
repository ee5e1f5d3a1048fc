"""Strict validation of the public keys entities register (sealed-bids spec §1, RFC 7517/7518/7638).

Accepted:
- ``use`` "enc": RSA ≥ 3072 bits, ``alg`` "RSA-OAEP-256";
- ``use`` "sig": EC P-256, ``alg`` "ES256";
- ``use`` "sig": SM2 (GB/T 32918), ``kty`` "EC", ``crv`` "SM2", ``alg`` "SM2SM3" (SM2 signature over SM3
  with the default user ID ``1234567812345678``).

Every JWK needs a ``kid``. A JWK holding private material is refused with ``private_key_rejected``.
Only the public members (plus kid/use/alg) are kept: what we store is exactly what we publish.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwcrypto import jwk as jwcrypto_jwk
from jwcrypto.common import JWException

from ggzy.core.exceptions import InvalidInput

MIN_RSA_BITS = 3072
ALG_RSA_OAEP_256 = "RSA-OAEP-256"
ALG_ES256 = "ES256"
ALG_SM2 = "SM2SM3"
SUPPORTED = {("enc", ALG_RSA_OAEP_256), ("sig", ALG_ES256), ("sig", ALG_SM2)}

PRIVATE_MEMBERS = ("d", "p", "q", "dp", "dq", "qi", "oth", "k")
KID_RE = re.compile(r"^[A-Za-z0-9._:@+=-]{1,128}$")
B64URL_RE = re.compile(r"^[A-Za-z0-9_-]+$")
KEY_OPS = {"sig": {"verify"}, "enc": {"encrypt", "wrapKey"}}

# SM2 recommended curve parameters (GB/T 32918.5-2017).
SM2_P = int("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF", 16)
SM2_A = int("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC", 16)
SM2_B = int("28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93", 16)
SM2_N = int("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123", 16)


@dataclass(frozen=True)
class PublicJwk:
    kid: str
    use: str
    alg: str
    jwk: dict[str, Any]  # canonical public JWK, as stored and published
    fingerprint: str  # RFC 7638 thumbprint (SHA-256, base64url)


def _bad(message: str, code: str = "invalid_jwk", **details: Any) -> InvalidInput:
    return InvalidInput(message, code=code, details=details)


def b64url_decode(value: Any, member: str) -> bytes:
    if not isinstance(value, str) or not B64URL_RE.match(value):
        raise _bad(f"JWK 成员“{member}”应为不带填充的 base64url 字符串", member=member)
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError) as exc:
        raise _bad(f"JWK 成员“{member}”不是有效的 base64url", member=member) from exc
    if b64url_encode(raw) != value:
        raise _bad(f"JWK 成员“{member}”编码不规范", member=member)
    return raw


def b64url_encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def thumbprint(jwk: dict[str, Any]) -> str:
    """RFC 7638 JWK thumbprint (SHA-256), over the required members only, in lexicographic order."""
    required = ("e", "kty", "n") if jwk["kty"] == "RSA" else ("crv", "kty", "x", "y")
    canonical = json.dumps({k: jwk[k] for k in required}, separators=(",", ":"), sort_keys=True)
    return b64url_encode(hashlib.sha256(canonical.encode()).digest())


def sm2_point_on_curve(x: int, y: int) -> bool:
    if not (0 <= x < SM2_P and 0 <= y < SM2_P):
        return False
    return (y * y - (x * x * x + SM2_A * x + SM2_B)) % SM2_P == 0


def _check_common(data: Any) -> tuple[str, str, str]:
    if not isinstance(data, dict):
        raise _bad("JWK 应为 JSON 对象")
    present = [m for m in PRIVATE_MEMBERS if m in data]
    if present:
        raise _bad(
            "不接受私钥：请只提交公钥（JWK 中不得含有私钥成员）", code="private_key_rejected", members=present
        )
    kid = data.get("kid")
    if not isinstance(kid, str) or not KID_RE.match(kid):
        raise _bad("JWK 必须有 kid（1–128 位字母、数字或 ._:@+=-）", member="kid")
    use, alg = data.get("use"), data.get("alg")
    if (use, alg) not in SUPPORTED:
        raise _bad(
            "不支持的密钥用途或算法：加密公钥为 use=enc、alg=RSA-OAEP-256；签名公钥为 use=sig、alg=ES256 或 SM2SM3",
            code="unsupported_key",
            use=use,
            alg=alg,
        )
    ops = data.get("key_ops")
    if ops is not None and (not isinstance(ops, list) or not ops or not set(ops) <= KEY_OPS[use]):
        raise _bad("key_ops 与密钥用途不一致", member="key_ops")
    return kid, use, alg


def _rsa(data: dict[str, Any]) -> dict[str, Any]:
    if data.get("kty") != "RSA":
        raise _bad("RSA-OAEP-256 加密公钥的 kty 应为 RSA", member="kty")
    n_raw, e_raw = b64url_decode(data.get("n"), "n"), b64url_decode(data.get("e"), "e")
    if n_raw[0] == 0 or e_raw[0] == 0:
        raise _bad("RSA 公钥的 n、e 不得有前导零字节")
    n, e = int.from_bytes(n_raw, "big"), int.from_bytes(e_raw, "big")
    if n.bit_length() < MIN_RSA_BITS:
        raise _bad(f"RSA 公钥长度不足 {MIN_RSA_BITS} 位", code="weak_key", bits=n.bit_length())
    if e < 3 or e % 2 == 0 or n % 2 == 0:
        raise _bad("RSA 公钥参数无效")
    try:
        rsa.RSAPublicNumbers(e, n).public_key()
    except ValueError as exc:
        raise _bad("RSA 公钥参数无效") from exc
    return {"kty": "RSA", "n": data["n"], "e": data["e"]}


def _ec_coords(data: dict[str, Any]) -> tuple[int, int]:
    x_raw, y_raw = b64url_decode(data.get("x"), "x"), b64url_decode(data.get("y"), "y")
    if len(x_raw) != 32 or len(y_raw) != 32:
        raise _bad("椭圆曲线公钥的 x、y 应各为 32 字节")
    return int.from_bytes(x_raw, "big"), int.from_bytes(y_raw, "big")


def _p256(data: dict[str, Any]) -> dict[str, Any]:
    if data.get("kty") != "EC" or data.get("crv") != "P-256":
        raise _bad("ES256 签名公钥应为 kty=EC、crv=P-256", member="crv")
    x, y = _ec_coords(data)
    try:
        ec.EllipticCurvePublicNumbers(x, y, ec.SECP256R1()).public_key()
    except ValueError as exc:
        raise _bad("公钥坐标不在 P-256 曲线上") from exc
    return {"kty": "EC", "crv": "P-256", "x": data["x"], "y": data["y"]}


def _sm2(data: dict[str, Any]) -> dict[str, Any]:
    if data.get("kty") != "EC" or data.get("crv") != "SM2":
        raise _bad("SM2SM3 签名公钥应为 kty=EC、crv=SM2", member="crv")
    x, y = _ec_coords(data)
    if not sm2_point_on_curve(x, y):
        raise _bad("公钥坐标不在 SM2 曲线上")
    return {"kty": "EC", "crv": "SM2", "x": data["x"], "y": data["y"]}


def validate_public_jwk(data: Any) -> PublicJwk:
    """Return the canonical public JWK or raise ``InvalidInput`` (codes: ``invalid_jwk``,
    ``private_key_rejected``, ``unsupported_key``, ``weak_key``)."""
    kid, use, alg = _check_common(data)
    if alg == ALG_RSA_OAEP_256:
        public = _rsa(data)
    elif alg == ALG_ES256:
        public = _p256(data)
    else:
        public = _sm2(data)
    if alg != ALG_SM2:
        # Second opinion from jwcrypto for the standard key types (it does not know SM2).
        try:
            parsed = jwcrypto_jwk.JWK(**public)
        except (JWException, ValueError, TypeError) as exc:
            raise _bad("JWK 无法解析") from exc
        if parsed.has_private:
            raise _bad("不接受私钥", code="private_key_rejected")
    canonical = {**public, "kid": kid, "use": use, "alg": alg}
    return PublicJwk(kid=kid, use=use, alg=alg, jwk=canonical, fingerprint=thumbprint(public))
