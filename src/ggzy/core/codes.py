"""National identifier codes: 统一社会信用代码 (GB 32100-2015) and 居民身份证号 (GB 11643-1999).

All validators normalise (strip, upper-case) and return the normalised code, or raise
``InvalidInput`` with a stable code (``invalid_uscc`` / ``invalid_id_number``) and a Chinese message.
"""

from __future__ import annotations

import datetime as dt
import re

from ggzy.core import clock
from ggzy.core.exceptions import InvalidInput

# Blanks and invisible format characters (zero-width space/joiners, BOM) around an identifier.
_EDGES = re.compile(r"^[\s\u200b-\u200d\u2060\ufeff]+|[\s\u200b-\u200d\u2060\ufeff]+$")


def clean_reference(value: object) -> str:
    """An identifier as typed or sent (section or project code, ocid, draw id, expert code) without the
    blanks and invisible characters around it. Normalise once, before any lookup or authorisation, and
    store this form, so that " X" and "X" can never name two different things."""
    return "" if value is None else _EDGES.sub("", str(value))


# GB 32100-2015: 31 characters, no I O Z S V.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"


def _uscc_error(reason: str) -> InvalidInput:
    return InvalidInput(f"统一社会信用代码无效：{reason}", code="invalid_uscc", details={"field": "uscc"})


def uscc_check_char(first17: str) -> str:
    """Check character for the first 17 characters of a USCC (GB 32100-2015 §4)."""
    s = first17.strip().upper()
    if len(s) != 17:
        raise _uscc_error("本体代码应为17位")
    total = 0
    for ch, w in zip(s, USCC_WEIGHTS, strict=True):
        idx = USCC_ALPHABET.find(ch)
        if idx < 0:
            raise _uscc_error(f"含有不允许的字符“{ch}”")
        total += idx * w
    return USCC_ALPHABET[(31 - total % 31) % 31]


def make_uscc(first17: str) -> str:
    """Append the check character (handy for tests and demo data)."""
    s = first17.strip().upper()
    return s + uscc_check_char(s)


def validate_uscc(s: object) -> str:
    """Return the normalised USCC or raise ``InvalidInput(code="invalid_uscc")``."""
    if not isinstance(s, str):
        raise _uscc_error("应为18位字符串")
    code = s.strip().upper()
    if len(code) != 18:
        raise _uscc_error("应为18位")
    bad = [ch for ch in code if ch not in USCC_ALPHABET]
    if bad:
        raise _uscc_error(f"含有不允许的字符“{bad[0]}”（不使用 I、O、Z、S、V）")
    if uscc_check_char(code[:17]) != code[17]:
        raise _uscc_error("校验码不正确")
    return code


def is_valid_uscc(s: object) -> bool:
    try:
        validate_uscc(s)
    except InvalidInput:
        return False
    return True


def _id_error(reason: str) -> InvalidInput:
    return InvalidInput(
        f"居民身份证号码无效：{reason}", code="invalid_id_number", details={"field": "idNumber"}
    )


def id_check_digit(first17: str) -> str:
    """Check character for the first 17 digits of a citizen ID number (GB 11643-1999)."""
    s = first17.strip()
    if len(s) != 17 or not s.isdigit() or not s.isascii():
        raise _id_error("本体码应为17位数字")
    total = sum(int(ch) * w for ch, w in zip(s, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def id_birth_date(code: str) -> dt.date:
    try:
        return dt.date(int(code[6:10]), int(code[10:12]), int(code[12:14]))
    except ValueError as exc:
        raise _id_error("出生日期不正确") from exc


def validate_id_number(s: object, *, today: dt.date | None = None) -> str:
    """Return the normalised 18-digit ID number (trailing ``X`` upper-cased) or raise
    ``InvalidInput(code="invalid_id_number")``. Checks length, digits, birth date and check digit."""
    if not isinstance(s, str):
        raise _id_error("应为18位字符串")
    code = s.strip().upper()
    if len(code) != 18:
        raise _id_error("应为18位")
    if not (code[:17].isascii() and code[:17].isdigit()) or code[17] not in "0123456789X":
        raise _id_error("前17位应为数字，最后一位为数字或X")
    if code[0] == "0":
        raise _id_error("地址码不正确")
    birth = id_birth_date(code)
    if today is None:
        today = clock.today()
    if birth.year < 1800 or birth > today:
        raise _id_error("出生日期不正确")
    if id_check_digit(code[:17]) != code[17]:
        raise _id_error("校验码不正确")
    return code


def is_valid_id_number(s: object) -> bool:
    try:
        validate_id_number(s)
    except InvalidInput:
        return False
    return True
