from __future__ import annotations


def portal(request):
    """Site-wide template values: platform names (unified naming, seed §四.1)."""
    return {
        "platform_name": "上海市公共资源交易平台",
        "center_name": "上海市公共资源交易中心",
    }
