"""Roles a user account can hold. Spec names (sealed-bids §6): buyer agency bidder expert operator regulator admin."""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    BUYER = "buyer", "招标人/采购人"
    AGENCY = "agency", "招标代理机构"
    BIDDER = "bidder", "投标人/竞买人"
    EXPERT = "expert", "评标专家"
    OPERATOR = "operator", "交易中心工作人员"
    REGULATOR = "regulator", "行业主管部门"
    ADMIN = "admin", "综合管理部门"


# Roles whose entity must be verified (审核) by an operator before the user may trade.
TRADING_ROLES = frozenset({Role.BUYER, Role.AGENCY, Role.BIDDER})

# Roles admitted to the supervision pages (综合监管: statistics, alerts, data quality).
SUPERVISORS = (Role.ADMIN, Role.REGULATOR)


# Roles that seat an evaluation committee from a finished draw: the agency, or a self-tendering buyer.
COMMITTEE_FORMERS = (Role.AGENCY, Role.BUYER)


def holds(user, roles) -> bool:
    """The (logged-in) user holds one of ``roles`` — what ``require_role`` enforces, asked by a page."""
    return bool(getattr(user, "is_authenticated", False)) and getattr(user, "role", None) in roles


def may_supervise(user) -> bool:
    """The user opens the supervision pages (the navigation shows the entry exactly then)."""
    return holds(user, SUPERVISORS)


def may_form_committee(user) -> bool:
    return holds(user, COMMITTEE_FORMERS)
