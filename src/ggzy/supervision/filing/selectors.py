"""Reads of 备案审核: who may see which filing."""

from __future__ import annotations

from django.db.models import QuerySet

from ggzy.core.exceptions import Forbidden, NotFound
from ggzy.parties.roles import Role, holds

from .models import Filing


def filings_visible_to(user) -> QuerySet[Filing]:
    """The 综合管理部门 (reviewer) and the 交易中心工作人员 (who file) see every filing; nobody else."""
    if not holds(user, (Role.ADMIN, Role.OPERATOR)):
        raise Forbidden("仅综合管理部门和交易中心工作人员可以查看备案", code="filing_forbidden")
    return Filing.objects.select_related("platform", "submitted_by", "decided_by")


def filing_for(user, filing_id: int) -> Filing:
    filing = filings_visible_to(user).filter(pk=filing_id).first()
    if filing is None:
        raise NotFound("备案不存在", code="filing_not_found")
    return filing
