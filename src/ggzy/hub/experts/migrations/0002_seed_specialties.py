"""Seed a subset of 评标专家专业分类标准 (发改法规〔2010〕1538号).

Codes: one letter (A 工程 / B 货物 / C 服务), then two digits per level. Operators add the rest of
the official table; entries listed as unverified in docs/experts.md should be checked against it.
"""

from django.db import migrations

SPECIALTIES = [
    ("A", "工程"),
    ("A01", "土木工程"),
    ("A0101", "房屋建筑工程"),
    ("A0102", "市政公用工程"),
    ("A08", "交通运输工程"),
    ("A0801", "道路工程"),
    ("A080101", "道路工程"),
    ("A080102", "桥梁工程"),
    ("A080103", "隧道工程"),
    ("A0802", "轨道交通工程"),
    ("A080201", "城市轨道交通"),
    ("A0803", "水运工程"),
    ("B", "货物"),
    ("B01", "机械设备"),
    ("B0101", "通用机械"),
    ("B02", "电子信息设备"),
    ("B0201", "计算机及网络设备"),
    ("B0202", "通信设备"),
    ("B03", "医疗设备"),
    ("B0301", "医用电子仪器"),
    ("C", "服务"),
    ("C01", "经济"),
    ("C0101", "工程造价"),
    ("C0102", "财务审计"),
    ("C02", "法律"),
    ("C03", "信息技术服务"),
    ("C0301", "软件开发服务"),
    ("C04", "工程咨询"),
    ("C0401", "工程监理"),
]


def seed(apps, schema_editor):
    Specialty = apps.get_model("experts", "Specialty")
    for code, name in SPECIALTIES:
        parent = code[:-2] if len(code) > 1 else None
        level = 1 + (len(code) - 1) // 2
        Specialty.objects.update_or_create(code=code, defaults={"name": name, "parent_id": parent, "level": level})


def unseed(apps, schema_editor):
    Specialty = apps.get_model("experts", "Specialty")
    Specialty.objects.filter(code__in=[c for c, _ in SPECIALTIES]).order_by("-level").delete()


class Migration(migrations.Migration):
    dependencies = [("experts", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
