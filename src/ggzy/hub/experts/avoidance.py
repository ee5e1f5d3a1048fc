"""Automatic avoidance (回避) for a draw: who may not evaluate this section, and why.

Rules (评标委员会和评标方法暂行规定 第12条; 政府采购法实施条例 第9条; domain-rules §5):
staff or former staff (3 years) of a bidder, the buyer or the agency; declared relatives at a bidder;
staff of the project's regulators; suspended experts; too many evaluations for the same buyer in 12 months.
Each query touches only the conflicting rows (indexed by USCC), never the whole pool.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Q

from ggzy.core import clock

from . import conf
from .models import (
    DrawExclusion,
    Employment,
    EvaluationRecord,
    Expert,
    ExpertSpecialty,
    RelativeCompany,
    Specialty,
)

Reason = DrawExclusion.Reason


def conflicts(
    *,
    buyer_uscc: str,
    agency_uscc: str,
    bidder_usccs: list[str],
    regulator_usccs: list[str],
    evaluation_at: dt.datetime,
    codes: dict[int, str] | None = None,
) -> dict[int, list[tuple[str, str]]]:
    """expert id → [(reason, detail)] for every expert who must be avoided (status aside).

    ``codes``, when given, is filled with expert id → expertCode from the same queries.
    """
    found: dict[int, list[tuple[str, str]]] = defaultdict(list)
    codes = {} if codes is None else codes
    eval_day = evaluation_at.astimezone(clock.SHANGHAI).date()
    cutoff = eval_day - dt.timedelta(days=conf.EMPLOYMENT_COOLDOWN_DAYS)
    roles: dict[str, list[str]] = defaultdict(list)
    for uscc in bidder_usccs:
        roles[uscc].append(Reason.BIDDER_EMPLOYEE)
    roles[buyer_uscc].append(Reason.BUYER_EMPLOYEE)
    roles[agency_uscc].append(Reason.AGENCY_EMPLOYEE)
    for uscc in regulator_usccs:
        roles[uscc].append(Reason.REGULATOR_STAFF)
    rows = (
        Employment.objects.filter(employer_uscc__in=list(roles))
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=cutoff))
        .values_list("expert_id", "employer_uscc", "ended_on", "expert__expert_code")
    )
    for expert_id, uscc, ended, code in rows:
        codes[expert_id] = code
        for reason in roles[uscc]:
            when = "在职" if ended is None else f"{ended.isoformat()} 离职"
            found[expert_id].append((reason, f"{uscc}（{when}）"))
    for expert_id, uscc, relation, code in RelativeCompany.objects.filter(
        company_uscc__in=bidder_usccs
    ).values_list("expert_id", "company_uscc", "relation", "expert__expert_code"):
        codes[expert_id] = code
        found[expert_id].append((Reason.RELATIVE, f"{relation}任职于 {uscc}"))
    limit = conf.buyer_frequency_limit()
    frequent = (
        EvaluationRecord.objects.filter(
            buyer_uscc=buyer_uscc,
            evaluated_at__gte=evaluation_at - conf.FREQUENCY_WINDOW,
            evaluated_at__lt=evaluation_at,
        )
        .values("expert_id", "expert__expert_code")
        .annotate(n=Count("id"))
        .filter(n__gte=limit)
    )
    for row in frequent:
        codes[row["expert_id"]] = row["expert__expert_code"]
        found[row["expert_id"]].append(
            (Reason.FREQUENCY, f"12个月内已为该招标人评标 {row['n']} 次（上限 {limit}）")
        )
    return dict(found)


def line_pool(
    *, specialty_code: str, regions: list[str], status: str = Expert.Status.ACTIVE
) -> dict[int, str]:
    """expert id → expertCode for experts of ``status`` with the specialty (or a sub-specialty)."""
    # The specialty table is small: resolve the prefix to exact codes so the index on specialty_id is used.
    codes = list(Specialty.objects.filter(code__startswith=specialty_code).values_list("code", flat=True))
    qs = ExpertSpecialty.objects.filter(specialty_id__in=codes, expert__status=status)
    if regions:
        qs = qs.filter(expert__region__in=regions)
    return dict(qs.values_list("expert_id", "expert__expert_code"))
