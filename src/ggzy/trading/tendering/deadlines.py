"""Legal periods of a procedure type, computed only through ``ggzy.core.calendar``.

Each function returns a :class:`~ggzy.core.calendar.CountedDate` (date + ``is_estimated``). The
periods are the procedure type's fields, seeded from the legal rules registry; ``legal_basis`` names
the rule id of each, so refusals cite the article through ``ggzy.core.legal_rules.cite``.
"""

from __future__ import annotations

import datetime as dt

from ggzy.core import calendar
from ggzy.core.calendar import CountedDate
from ggzy.core.exceptions import InvalidInput

from .models import ProcedureType


def earliest_bid_deadline(procedure: ProcedureType, issued_at: dt.datetime) -> CountedDate:
    """Documents first issued → bid deadline ≥ N days (法24 / 采购法35)."""
    return calendar.add_period(
        calendar.local_date(issued_at), procedure.min_bid_days, working_days=procedure.bid_days_working
    )


def documents_sale_end(procedure: ProcedureType, issued_at: dt.datetime) -> CountedDate:
    """Last day of the document sale / supply period (条例16 / 87号令18)."""
    return calendar.add_period(
        calendar.local_date(issued_at), procedure.sale_days, working_days=procedure.sale_days_working
    )


def earliest_deadline_after_clarification(procedure: ProcedureType, issued_at: dt.datetime) -> CountedDate:
    """A clarification needs ≥ N days before the deadline, else the deadline moves (条例21 / 87号令27)."""
    return calendar.add_days(calendar.local_date(issued_at), procedure.clarification_lead_days)


def has_candidate_publicity(procedure: ProcedureType) -> bool:
    """Works publicise the candidates before the award (条例54); GP publishes the result after it (87号令69)."""
    return procedure.publicity_days > 0


def publicity_end(procedure: ProcedureType, start: dt.datetime) -> CountedDate:
    """Candidate publicity ≥ 3 days (条例54)."""
    return calendar.add_period(
        calendar.local_date(start), procedure.publicity_days, working_days=procedure.publicity_working
    )


def result_notice_end(procedure: ProcedureType, published_at: dt.datetime) -> CountedDate | None:
    """Last day of the result notice when the procedure's rules give it a term (GP: 1 working day, 87号令69)."""
    notice = procedure.rule_for("result_notice_days")
    if notice is None or not isinstance(notice.value, int):
        return None
    return calendar.add_period(
        calendar.local_date(published_at), notice.value, working_days=notice.working_days
    )


def contract_due(procedure: ProcedureType, awarded_at: dt.datetime) -> CountedDate:
    """Contract within 30 days of the award notice (法46 / 87号令71)."""
    return calendar.add_days(calendar.local_date(awarded_at), procedure.contract_days)


def require_deadline_not_before(
    earliest: CountedDate, deadline: dt.datetime, *, rule: str, code: str, message: str
) -> None:
    if calendar.local_date(deadline) < earliest.date:
        raise InvalidInput(
            f"{message}：最早可定于 {earliest.date.isoformat()}（{rule}）",
            code=code,
            details={
                "rule": rule,
                "earliestDate": earliest.date.isoformat(),
                "isEstimated": earliest.is_estimated,
            },
        )


def check_publishable(
    procedure: ProcedureType, *, issued_at: dt.datetime, deadline: dt.datetime
) -> CountedDate:
    """Refuse a too-early bid deadline (code ``deadline_too_early``); return the earliest legal date."""
    earliest = earliest_bid_deadline(procedure, issued_at)
    require_deadline_not_before(
        earliest,
        deadline,
        rule=procedure.basis("min_bid_days"),
        code="deadline_too_early",
        message="投标截止时间早于法定最短期限",
    )
    return earliest
