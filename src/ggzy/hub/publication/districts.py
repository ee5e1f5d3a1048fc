"""Shanghai's 16 districts (GB/T 2260 codes) plus the municipal level, for notices and filters."""

from __future__ import annotations

from django.db import models


class District(models.TextChoices):
    MUNICIPAL = "310000", "市级"
    HUANGPU = "310101", "黄浦区"
    XUHUI = "310104", "徐汇区"
    CHANGNING = "310105", "长宁区"
    JINGAN = "310106", "静安区"
    PUTUO = "310107", "普陀区"
    HONGKOU = "310109", "虹口区"
    YANGPU = "310110", "杨浦区"
    MINHANG = "310112", "闵行区"
    BAOSHAN = "310113", "宝山区"
    JIADING = "310114", "嘉定区"
    PUDONG = "310115", "浦东新区"
    JINSHAN = "310116", "金山区"
    SONGJIANG = "310117", "松江区"
    QINGPU = "310118", "青浦区"
    FENGXIAN = "310120", "奉贤区"
    CHONGMING = "310151", "崇明区"


_BY_NAME = {label: value for value, label in District.choices}
_BY_SHORT = {label.removesuffix("区").removesuffix("新"): value for value, label in District.choices}


def normalise_district(value: str | None) -> str | None:
    """Accept a code ("310115"), a name ("浦东新区") or a short name ("浦东"); None if unknown."""
    if not value:
        return None
    value = str(value).strip()
    if value in District.values:
        return value
    return _BY_NAME.get(value) or _BY_SHORT.get(value)
