"""一网三平台 (seed §一.2): the three systems and their entrances on the home page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

PLATFORMS = [
    {
        "code": "trading",
        "name": _("综合交易系统"),
        "description": _(
            "总门户，在线一门式交易服务；为不在已有交易分平台服务范围内的各类公共资源交易提供服务。"
        ),
        "links": [
            (_("交易目录"), "/catalogue/"),
            (_("交易分平台"), "/platforms/"),
            (_("我的工作台"), "/workbench/"),
        ],
    },
    {
        "code": "service",
        "name": _("综合服务系统"),
        "description": _("面向市场主体的公共服务枢纽：信息发布、场所提供、专家抽取、现场见证、档案管理。"),
        "links": [(_("信息公开"), "/notices/"), (_("主体注册"), "/register/")],
    },
    {
        "code": "supervision",
        "name": _("综合监管系统"),
        "description": _("与行业主管部门监管系统互联互通，统计分析、监测预警，及时发现围标串标、弄虚作假。"),
        "links": [(_("审计存证"), "/audit/"), (_("监管工作台"), "/workbench/")],
    },
]
