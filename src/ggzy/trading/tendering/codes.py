"""Project codes per the national data spec (domain-rules §7).

trading project: industry letter (GB/T 4754) + 6-digit region (GB/T 2260) + yyMMdd + 4-digit sequence
= 17 characters; tender project = project code + 3 digits; section (标段/包) = tender code + 3 digits.
"""

from __future__ import annotations

import datetime as dt
import re

from django.db.models import F

from ggzy.core.exceptions import Conflict, InvalidInput

from .models import CodeSequence

PROJECT_CODE_RE = re.compile(r"^[A-T][0-9]{6}[0-9]{6}[0-9]{4}$")
GB4754_SECTIONS = "ABCDEFGHIJKLMNOPQRST"
SEQUENCE_MAX = 9999
CHILD_MAX = 999


def next_project_code(*, industry: str, region: str, on: dt.date) -> str:
    """Allocate the next project code for (industry, region, day); call inside a transaction."""
    industry = (industry or "").strip().upper()
    if len(industry) != 1 or industry not in GB4754_SECTIONS:
        raise InvalidInput("行业门类应为 GB/T 4754 门类字母（A–T）", code="invalid_industry", details={"industry": industry})
    if not re.fullmatch(r"[0-9]{6}", region or ""):
        raise InvalidInput("行政区划代码应为6位数字（GB/T 2260）", code="invalid_region", details={"region": region})
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
