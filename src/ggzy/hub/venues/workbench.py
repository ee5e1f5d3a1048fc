"""Workbench entrances for rooms and witness entries (see ggzy.portal.workbench)."""

from __future__ import annotations

from ggzy.parties.roles import Role

_ENTRANCES = {
    Role.AGENCY: [("场所预约", "/venues/bookings/", "为开标、评标预约开标室、评标室和远程异地评标席位")],
    Role.BUYER: [("场所预约", "/venues/bookings/", "自行招标项目的开标、评标场所预约")],
    Role.OPERATOR: [
        ("场所预约确认", "/venues/bookings/", "确认预约、登记评标室人员进出"),
        ("现场见证", "/venues/witness/", "登记开标、抽取、评标、竞价、签约的见证记录"),
    ],
}


def workbench_entrances(user) -> list[dict]:
    items = [
        {"label": label, "url": url, "description": text}
        for label, url, text in _ENTRANCES.get(user.role, [])
    ]
    items.append(
        {"label": "交易日程", "url": "/schedule/", "description": "按日期和场所查看开标、现场竞价安排"}
    )
    return items
