"""Workbench entrance of 备案审核 (see ggzy.portal.workbench)."""

from __future__ import annotations

from django.urls import reverse

from . import rules


def workbench_entrances(user) -> list[dict]:
    if rules.may_review(user):
        return [
            {
                "label": "升级改造备案审核",
                "url": reverse("filing:list"),
                "description": "审核交易分平台升级改造备案（参考数据质量考核得分）",
            }
        ]
    if rules.may_file(user):
        return [
            {
                "label": "分平台升级改造备案",
                "url": reverse("filing:list"),
                "description": "代交易分平台提交升级改造备案",
            }
        ]
    return []
