"""Workbench entrances for the expert pool, the draw and evaluation (see ggzy.portal.workbench)."""

from __future__ import annotations

from ggzy.parties.roles import Role

_ENTRANCES = {
    Role.EXPERT: [
        ("评标邀请", "/experts/invitations/", "确认或谢绝抽取邀请（限时答复）"),
        ("专家信息", "/experts/profile/", "维护专业、任职经历、需回避的亲属单位"),
        ("我的评标", "/evaluation/", "回避声明、独立评分、签署评标报告"),
    ],
    Role.AGENCY: [
        ("专家抽取", "/draws/", "申请随机抽取评标专家；开评前仅显示人数"),
        ("评标项目", "/evaluation/", "组建评标委员会、查看评标进度"),
    ],
    Role.BUYER: [
        ("专家抽取", "/draws/", "本单位项目的专家抽取（开评前仅显示人数）"),
        ("评标项目", "/evaluation/", "评标委员会与评标报告"),
    ],
    Role.OPERATOR: [
        ("专家库管理", "/operator/experts/", "审核专家信息、暂停或恢复专家"),
        ("专家抽取", "/draws/", "抽取记录与承诺值"),
        ("评标项目", "/evaluation/", "评标委员会与评标报告"),
    ],
    Role.REGULATOR: [
        ("专家抽取", "/draws/", "事后查阅抽取过程（只读）"),
        ("评标项目", "/evaluation/", "事后查阅评标过程（只读）"),
    ],
}


def workbench_entrances(user) -> list[dict]:
    items = [
        {"label": label, "url": url, "description": text}
        for label, url, text in _ENTRANCES.get(user.role, [])
    ]
    items.append(
        {"label": "专家抽取公示", "url": "/draws/published/", "description": "已公布的抽取结果，可自行复核"}
    )
    return items
