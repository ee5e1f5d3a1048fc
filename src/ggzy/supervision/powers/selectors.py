"""权责清单 per department: the 综合管理部门 and every regulator bound to an entry of the current catalogue."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse

from ggzy.catalog.selectors import current_entries
from ggzy.core import powers


@dataclass
class PowerRow:
    power: powers.Power
    url: str | None


@dataclass
class Department:
    name: str
    kind_label: str
    sectors: list[str] = field(default_factory=list)
    powers: list[PowerRow] = field(default_factory=list)


def _rows(department: str) -> list[PowerRow]:
    return [
        PowerRow(p, reverse(p.url_name) if p.url_name else None)
        for p in powers.POWERS
        if p.department == department
    ]


def departments() -> list[Department]:
    result = [
        Department(
            name="上海市发展和改革委员会（公共资源交易综合管理部门）",
            kind_label=powers.DEPARTMENT_LABELS[powers.ADMIN],
            sectors=["全部交易类别"],
            powers=_rows(powers.ADMIN),
        )
    ]
    regulators: dict[int, Department] = {}
    for entry in current_entries().prefetch_related("regulators").order_by("code"):
        for entity in entry.regulators.all():
            department = regulators.get(entity.pk)
            if department is None:
                department = regulators[entity.pk] = Department(
                    name=entity.name,
                    kind_label=powers.DEPARTMENT_LABELS[powers.REGULATOR],
                    powers=_rows(powers.REGULATOR),
                )
            department.sectors.append(f"{entry.code} {entry.name}")
    return result + sorted(regulators.values(), key=lambda d: d.name)
