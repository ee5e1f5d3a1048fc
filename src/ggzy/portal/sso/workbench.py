"""The workbench entrance to the user's connected sub-platforms (see ggzy.portal.workbench)."""

from __future__ import annotations


def workbench_entrances(user) -> list[dict]:
    if not user.entity_id:
        return []
    return [
        {
            "label": "已连接的分平台",
            "url": "/account/connections/",
            "description": "查看以门户账号单点登录的交易分平台，可断开连接",
        }
    ]
