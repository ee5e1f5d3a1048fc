"""Entrances the portal's workbench lists for each user (see ggzy.portal.workbench); the portal
already links operators to /operator/entities/."""

from __future__ import annotations

from .permissions import MANAGED_ROLES


def workbench_entrances(user) -> list[dict]:
    items = []
    if user.entity_id:
        items.append(
            {
                "label": "主体公钥",
                "url": "/account/keys/",
                "description": "登记或吊销本单位的加密、签名公钥（JWK）",
            }
        )
    items.append(
        {"label": "API 令牌", "url": "/account/tokens/", "description": "为投标工具等程序签发、吊销令牌"}
    )
    items.append(
        {
            "label": "修改密码",
            "url": "/account/password/",
            "description": "修改登录密码；同时吊销全部 API 令牌",
        }
    )
    if user.role in MANAGED_ROLES or user.is_superuser:
        items.append(
            {
                "label": "账号管理",
                "url": "/operator/users/",
                "description": "为市场主体用户、评标专家重置密码（一次性临时密码）",
            }
        )
    return items
