"""The decrypted bid content (sealed-bids spec §2), checked after the opening.

Numbers are read as ``Decimal`` (never through ``float``), so ``1234567.89`` stays exactly that.
Files: only the media types the tender allows, each within the size limit, and the bytes must look
like the declared type (a renamed ``.exe`` is not a PDF).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from decimal import Decimal
from typing import Any

from ggzy.core.exceptions import InvalidInput

from .jose import strict_json_loads

BID_FORMAT = "ggzy-bid/1"
CURRENCY = "CNY"
PRICE_MAX_DECIMALS = 2  # 元 to 分
PRICE_MAX = Decimal("9999999999999.99")  # 15 significant digits: exact in JSON numbers and JS doubles
MAX_FILES = 100
MAX_FILE_NAME_CHARS = 255
MAX_DECLARED_ITEMS = 100
DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024
DEFAULT_ALLOWED_MEDIA_TYPES = frozenset(
    {
        "application/pdf",
        "application/ofd",  # GB/T 33190 版式文档
        "application/zip",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "image/png",
        "image/jpeg",
        "text/plain",
    }
)
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
# What the first bytes of each type must be. Types not listed are checked by media type only.
MAGIC = {
    "application/pdf": (b"%PDF-",),
    "application/ofd": _ZIP,
    "application/zip": _ZIP,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": _ZIP,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": _ZIP,
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}
EXTENSIONS = {
    ".pdf": "application/pdf",
    ".ofd": "application/ofd",
    ".zip": "application/zip",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".txt": "text/plain",
}
FORBIDDEN_NAME_CHARS = set('/\\\x00:*?"<>|')


def _invalid(message: str, code: str = "bid_content_invalid", **details: Any) -> InvalidInput:
    return InvalidInput(message, code=code, details=details)


def _price(price: Any) -> dict[str, Any]:
    if not isinstance(price, dict) or set(price) - {"amount", "currency"}:
        raise _invalid("报价应为 {amount, currency}", member="price")
    amount, currency = price.get("amount"), price.get("currency")
    if isinstance(amount, bool) or not isinstance(amount, int | Decimal):
        raise _invalid("报价金额应为数字", member="price.amount")
    amount = Decimal(amount)
    if not amount.is_finite() or amount <= 0 or amount > PRICE_MAX:
        raise _invalid("报价金额应大于 0 且不超过上限", member="price.amount", amount=str(amount))
    if amount.as_tuple().exponent < -PRICE_MAX_DECIMALS and amount != amount.quantize(Decimal("0.01")):
        raise _invalid("报价金额最多保留两位小数（分）", member="price.amount", amount=str(amount))
    if currency != CURRENCY:
        raise _invalid("报价币种应为人民币（CNY）", member="price.currency", currency=currency)
    return {"amount": amount.quantize(Decimal("0.01")), "currency": CURRENCY}


def _declared(declared: Any) -> dict[str, Any]:
    if declared is None:
        return {}
    if not isinstance(declared, dict) or len(declared) > MAX_DECLARED_ITEMS:
        raise _invalid("声明项（declared）应为 JSON 对象", member="declared")
    for key, value in declared.items():
        if not key or (value is not None and not isinstance(value, str | int | Decimal | bool)):
            raise _invalid("声明项的值应为文字、数字或布尔值", member=f"declared.{key}")
        if isinstance(value, Decimal) and not value.is_finite():
            raise _invalid("声明项的数字无效", member=f"declared.{key}")
    return dict(declared)


def _file(item: Any, index: int, allowed_media_types: Any, max_file_bytes: int) -> dict[str, Any]:
    where = f"files[{index}]"
    if not isinstance(item, dict) or set(item) - {"name", "mediaType", "data"}:
        raise _invalid("附件应为 {name, mediaType, data}", member=where)
    name, media_type, data = item.get("name"), item.get("mediaType"), item.get("data")
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_FILE_NAME_CHARS:
        raise _invalid("附件名称无效", member=f"{where}.name")
    if FORBIDDEN_NAME_CHARS & set(name) or name in {".", ".."} or any(ord(c) < 32 for c in name):
        raise _invalid("附件名称不得含有路径或控制字符", member=f"{where}.name", name=name)
    if not isinstance(media_type, str) or media_type not in allowed_media_types:
        raise _invalid(
            "附件类型不在招标文件允许的范围内",
            code="bid_file_type_forbidden",
            member=f"{where}.mediaType",
            mediaType=media_type,
        )
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension in EXTENSIONS and EXTENSIONS[extension] != media_type:
        raise _invalid(
            "附件扩展名与声明的类型不符", code="bid_file_type_forbidden", member=f"{where}.name", name=name
        )
    if not isinstance(data, str):
        raise _invalid("附件内容应为 base64 文本", member=f"{where}.data")
    # Cheap bound first: base64 is 4 characters per 3 bytes.
    if len(data) // 4 * 3 > max_file_bytes + 3:
        raise _invalid("附件超过允许的大小", code="bid_file_too_large", member=where, maxBytes=max_file_bytes)
    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise _invalid("附件内容不是有效的 base64", member=f"{where}.data") from exc
    if len(raw) > max_file_bytes:
        raise _invalid(
            "附件超过允许的大小",
            code="bid_file_too_large",
            member=where,
            size=len(raw),
            maxBytes=max_file_bytes,
        )
    if not raw:
        raise _invalid("附件为空", member=where)
    magic = MAGIC.get(media_type)
    if magic and not raw.startswith(magic):
        raise _invalid(
            "附件内容与声明的类型不符", code="bid_file_type_forbidden", member=where, mediaType=media_type
        )
    return {
        "name": name,
        "mediaType": media_type,
        "size": len(raw),
        "sha256": hashlib.sha256(raw).hexdigest(),
        "data": raw,
    }


def parse_bid_content(
    *, plaintext: bytes, section_id: str, bidder_uscc: str, allowed_media_types: Any, max_file_bytes: int
) -> dict[str, Any]:
    """Validate the decrypted §2 JSON and return it normalised.

    Result: ``{"format", "sectionId", "bidder", "price": {"amount": Decimal, "currency": "CNY"},
    "declared": {...} (non-integral numbers as Decimal), "files": [{"name", "mediaType", "size",
    "sha256", "data": bytes}]}``. Codes: ``bid_content_invalid``, ``bid_file_type_forbidden``,
    ``bid_file_too_large``.
    """
    try:
        content = strict_json_loads(plaintext.decode("utf-8"), parse_float=Decimal)
    except (UnicodeDecodeError, ValueError) as exc:
        raise _invalid("投标内容不是有效的 UTF-8 JSON") from exc
    if not isinstance(content, dict):
        raise _invalid("投标内容应为 JSON 对象")
    if content.get("format") != BID_FORMAT:
        raise _invalid(f"投标内容格式应为 {BID_FORMAT}", member="format", format=content.get("format"))
    if content.get("sectionId") != str(section_id) or content.get("bidder") != bidder_uscc:
        raise _invalid(
            "投标内容中的标段或投标人与本投标不符",
            member="sectionId/bidder",
            sectionId=content.get("sectionId"),
            bidder=content.get("bidder"),
        )
    files = content.get("files", [])
    if not isinstance(files, list) or len(files) > MAX_FILES:
        raise _invalid(f"附件应为列表，最多 {MAX_FILES} 个", member="files")
    parsed_files = [_file(item, i, allowed_media_types, max_file_bytes) for i, item in enumerate(files)]
    names = [f["name"] for f in parsed_files]
    if len(set(names)) != len(names):
        raise _invalid("附件名称重复", member="files")
    return {
        "format": BID_FORMAT,
        "sectionId": content["sectionId"],
        "bidder": content["bidder"],
        "price": _price(content.get("price")),
        "declared": _declared(content.get("declared")),
        "files": parsed_files,
    }
