"""Entrances to the tendering pages on the portal workbench (ggzy.portal.workbench extension point)."""

from __future__ import annotations

from ggzy.parties.roles import Role


def workbench_entrances(user) -> list[dict]:
    role = getattr(user, "role", None)
    items = [{"label": "招标项目", "url": "/trading/", "description": "综合交易系统：已发布的招标项目"}]
    if role in (Role.BUYER, Role.AGENCY):
        items += [
            {
                "label": "新建招标项目",
                "url": "/trading/new/",
                "description": "按交易程序创建项目与标段，发布时校验法定期限",
            },
            {
                "label": "我的招标项目",
                "url": "/trading/mine/",
                "description": "发布、答疑澄清、开标大厅、定标与合同",
            },
        ]
    elif role == Role.BIDDER:
        items.append(
            {
                "label": "我的投标",
                "url": "/trading/mine/",
                "description": "已报名标段、加密投标文件、开标解密",
            }
        )
    return items
