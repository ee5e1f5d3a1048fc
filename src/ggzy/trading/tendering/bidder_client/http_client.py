"""The HTTP side of ``ggzy bidder`` (standard library only): talks to one API URL and nowhere else.

Redirects are refused (a redirect could send the token or the CEK to another host). Errors come back
as ``InvalidInput``/``GgzyError`` with the platform's ``code`` and ``message``.
"""

from __future__ import annotations

import hashlib
import json
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from typing import Any

from ggzy.core.crypto.jose import (
    es256_verify,
    p256_public_key,
    sha256_hex,
    split_compact_jws,
    strict_json_loads,
)
from ggzy.core.exceptions import GgzyError, InvalidInput

API_PREFIX = "/api/v1"
TIMEOUT_SECONDS = 120


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise urllib.error.HTTPError(req.full_url, code, f"redirect to {newurl} refused", headers, fp)


class PlatformClient:
    def __init__(self, api: str, token: str | None = None, timeout: float = TIMEOUT_SECONDS):
        parts = urllib.parse.urlsplit(api)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise InvalidInput("--api 应为 http(s)://主机[:端口] 形式的地址", code="api_url_invalid")
        base = api.rstrip("/")
        self.base = base[: -len(API_PREFIX)] if base.endswith(API_PREFIX) else base
        self.token = token
        self.timeout = timeout
        self._opener = urllib.request.build_opener(_NoRedirect())

    def request(self, method: str, path: str, body: Any = None) -> Any:
        headers = {"Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            headers["Content-Type"] = "application/json"
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(
            f"{self.base}{API_PREFIX}{path}", data=data, headers=headers, method=method
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:
            raise _platform_error(exc) from exc
        except (urllib.error.URLError, OSError) as exc:
            raise GgzyError(f"无法连接平台：{exc}", code="api_unreachable") from exc
        if not raw:
            return None
        try:
            return json.loads(raw)
        except ValueError as exc:
            raise GgzyError("平台返回的不是 JSON", code="api_bad_response") from exc


def _platform_error(exc: urllib.error.HTTPError) -> GgzyError:
    try:
        body = json.loads(exc.read() or b"{}")
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    error = GgzyError(
        body.get("message") or f"平台返回 HTTP {exc.code}", code=body.get("code") or f"http_{exc.code}",
        details=body.get("details") or {},
    )  # fmt: skip
    error.status = exc.code
    return error


def verify_receipt(
    receipt: str, jwks: dict[str, Any], *, envelope: str, section_id: str, bidder: str
) -> dict[str, Any]:
    """Check the platform's 回执 against its published JWKS and what we sent; return its claims."""
    try:
        header, payload, signing_input, signature = split_compact_jws(receipt)
        claims = strict_json_loads(payload)
        keys = [k for k in jwks.get("keys", []) if k.get("kid") == header.get("kid")]
        public_key = p256_public_key(keys[0]) if keys else None
    except (ValueError, AttributeError, UnicodeDecodeError) as exc:
        raise InvalidInput("回执格式无效", code="receipt_invalid") from exc
    if (
        header.get("alg") != "ES256"
        or public_key is None
        or not es256_verify(public_key, signature, signing_input)
    ):
        raise InvalidInput("回执的平台签名验证失败", code="receipt_signature_invalid")
    expected = {
        "envelopeSha256": sha256_hex(envelope.encode("utf-8")),
        "sectionId": str(section_id),
        "bidder": bidder,
    }
    wrong = {k: claims.get(k) for k, v in expected.items() if claims.get(k) != v}
    if wrong:
        raise InvalidInput("回执内容与提交的投标文件不符", code="receipt_mismatch", details=wrong)
    return claims


def machine_fingerprint(files: list[bytes]) -> dict[str, str]:
    """Submission fingerprint (redflags spec, ``ggzy_submission``): only what this machine can tell.

    Absent means unknown. The hardware id is a hash of /etc/machine-id, never the raw id.
    """
    fingerprint: dict[str, str] = {}
    node = uuid.getnode()
    if not node & 0x010000000000:  # multicast bit set = random, not a real MAC address
        fingerprint["macAddress"] = ":".join(f"{(node >> s) & 0xFF:02x}" for s in range(40, -1, -8))
    machine_id = Path("/etc/machine-id")
    if machine_id.exists():
        secret = machine_id.read_bytes().strip()
        fingerprint["hardwareId"] = hashlib.sha256(b"ggzy-hardware:" + secret).hexdigest()
        fingerprint["fileCreatorId"] = (
            "ggzy-bidder-cli:" + hashlib.sha256(b"ggzy-cli:" + secret).hexdigest()[:32]
        )
    if files:
        fingerprint["documentHash"] = hashlib.sha256(files[0]).hexdigest()
    return fingerprint
