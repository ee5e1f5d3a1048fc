"""Money amounts (元, two decimal places) as typed by people and machines: one parser, one set of rules.

Every amount the platform stores fits ``DecimalField(max_digits=18, decimal_places=2)``. NaN and the
infinities are valid ``Decimal`` values but not amounts (NaN even raises on comparison), and a number the
column cannot hold would fail in the database — so they are refused here, with a Chinese message.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from .exceptions import InvalidInput

CENT = Decimal("0.01")
MAX_DIGITS = 18
MONEY_LIMIT = Decimal(10) ** (MAX_DIGITS - 2)  # 10^16 元: the first amount that does not fit


def parse_money(value: Any, *, field: str, label: str = "金额", allow_zero: bool = False) -> Decimal:
    """``value`` (Decimal, int or text such as ``"1,234.50"``) as a positive amount rounded to the cent."""
    try:
        if isinstance(value, bool):  # True is not 1 元
            raise TypeError(value)
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError, TypeError) as exc:
        raise InvalidInput(f"{label}格式不正确", code="invalid_amount", details={"field": field}) from exc
    if not amount.is_finite():
        raise InvalidInput(
            f"{label}必须是有效的数字（不接受 NaN 或无穷大）", code="invalid_amount", details={"field": field}
        )
    if amount.copy_abs() >= MONEY_LIMIT or (amount := amount.quantize(CENT)).copy_abs() >= MONEY_LIMIT:
        raise InvalidInput(
            f"{label}超出允许范围（应小于 {MONEY_LIMIT:,.0f} 元）",
            code="invalid_amount",
            details={"field": field},
        )
    if amount < 0 or (amount == 0 and not allow_zero):
        raise InvalidInput(f"{label}必须为正数", code="invalid_amount", details={"field": field})
    return amount
