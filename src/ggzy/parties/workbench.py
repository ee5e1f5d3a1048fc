"""Entrances the portal's workbench lists for each user (see ggzy.portal.workbench); the portal
already links operators to /operator/entities/."""

from __future__ import annotations


def workbench_entrances(user) -> list[dict]:
    items = []
    if user.entity_id:
        items.append({"label": "主体公钥", "url": "/account/keys/",
                      "description": "登记或吊销本单位的加密、签名公钥（JWK）"})
    items.append({"label": "API 令牌", "url": "/account/tokens/", "description": "为投标工具等程序签发、吊销令牌"})
    return items
