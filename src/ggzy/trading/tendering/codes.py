"""Project codes per the national data spec (domain-rules §7).

trading project: industry letter (GB/T 4754) + 6-digit region (GB/T 2260) + yyMMdd + 4-digit sequence
= 17 characters; tender project = project code + 3 digits; section (标段/包) = tender code + 3 digits.

The serial is public and finite (9,999 per industry, region and day), so it is taken only when a tender
is published (``services.tenders.tender_publish``), inside the publishing transaction: drafts carry an
internal ``draft_ref`` instead and cannot exhaust a district's codes for the day. The counter row is
updated with ``F() + 1`` (row lock until commit) and the codes are unique columns, so concurrent
publications get consecutive, distinct serials.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets

from django.db.models import F

from ggzy.core.exceptions import Conflict, InvalidInput

from .models import CodeSequence

PROJECT_CODE_RE = re.compile(r"^[A-T][0-9]{6}[0-9]{6}[0-9]{4}$")
GB4754_SECTIONS = "ABCDEFGHIJKLMNOPQRST"
SEQUENCE_MAX = 9999
CHILD_MAX = 999


DRAFT_REF_PREFIX = "DRAFT-"  # never a project code: those start with a GB/T 4754 letter and are digits after


def validate_industry(industry: str | None) -> str:
    industry = (industry or "").strip().upper()
    if len(industry) != 1 or industry not in GB4754_SECTIONS:
        raise InvalidInput(
            "行业门类应为 GB/T 4754 门类字母（A–T）", code="invalid_industry", details={"industry": industry}
        )
    return industry


def validate_region(region: str | None) -> str:
    if not re.fullmatch(r"[0-9]{6}", region or ""):
        raise InvalidInput(
            "行政区划代码应为6位数字（GB/T 2260）", code="invalid_region", details={"region": region}
        )
    return region


def new_draft_ref() -> str:
    """Internal reference of a draft tender (16 characters, random: reveals nothing, takes no serial)."""
    return f"{DRAFT_REF_PREFIX}{secrets.token_hex(5).upper()}"


def next_project_code(*, industry: str, region: str, on: dt.date) -> str:
    """Allocate the next project code for (industry, region, day); call inside the publishing transaction."""
    industry = validate_industry(industry)
    region = validate_region(region)
    prefix = f"{industry}{region}{on:%y%m%d}"
    CodeSequence.objects.get_or_create(key=prefix)
    CodeSequence.objects.filter(key=prefix).update(value=F("value") + 1)  # row lock held until commit
    value = CodeSequence.objects.get(key=prefix).value
    if value > SEQUENCE_MAX:
        raise Conflict("当日项目编号已用尽", code="project_code_exhausted")
    return f"{prefix}{value:04d}"


def child_code(parent: str, number: int) -> str:
    if not 1 <= number <= CHILD_MAX:
        raise InvalidInput("序号超出范围（1–999）", code="invalid_child_number")
    return f"{parent}{number:03d}"


def is_project_code(code: str) -> bool:
    return bool(PROJECT_CODE_RE.fullmatch(code or ""))
