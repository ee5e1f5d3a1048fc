"""Workbench entrances for the archives (see ggzy.portal.workbench); the operators' entrance names open fixity
failures — the archive's alert (the hub cannot raise a supervision alert; docs/archives.md)."""

from __future__ import annotations

from ggzy.parties.roles import Role

from . import rules, selectors


def workbench_entrances(user) -> list[dict]:
    if user.role not in (Role.OPERATOR, Role.ADMIN, Role.REGULATOR, Role.BUYER, Role.AGENCY):
        return []
    items = [
        {"label": "电子档案", "url": "/archives/", "description": "已结束交易的电子档案（BagIt），可下载"}
    ]
    if rules.is_keeper(user):
        failures = len(selectors.failing_checks())
        text = f"{failures} 个档案包完整性校验失败，请处理" if failures else "定期完整性校验结果"
        items.append({"label": "档案完整性校验", "url": "/operator/archives/fixity/", "description": text})
    return items
