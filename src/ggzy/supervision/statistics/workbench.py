"""Workbench entrances for the 综合监管系统 (see ggzy.portal.workbench)."""

from __future__ import annotations

from ggzy.parties.roles import Role

SUPERVISING_ROLES = {Role.REGULATOR, Role.ADMIN}


def workbench_entrances(user) -> list[dict]:
    if user.role not in SUPERVISING_ROLES:
        return []
    return [
        {"label": "综合监管", "url": "/supervision/", "description": "监管入口：预警、统计、数据质量"},
        {
            "label": "围标串标预警",
            "url": "/supervision/alerts/",
            "description": "待核查 → 核查中 → 属实 / 不属实 / 移交",
        },
        {
            "label": "统计分析",
            "url": "/supervision/statistics/",
            "description": "交易量、节资率、流标率、集中度，可导出 CSV",
        },
        {
            "label": "数据质量考核",
            "url": "/supervision/exchange/quality/",
            "description": "各分平台数据完整性、及时性、一致性（按月）",
        },
    ]
