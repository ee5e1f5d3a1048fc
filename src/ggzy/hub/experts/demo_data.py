"""Demo pool for ``ggzy seed-demo``: every demo expert account (expert1…) gets a vetted profile, so an
agency can draw, the experts confirm in the browser and score. Idempotent."""

from __future__ import annotations

import datetime as dt

from ggzy.core.codes import id_check_digit, make_uscc
from ggzy.parties.roles import Role

from .models import Employment, Expert, ExpertSpecialty
from .snapshots import bump_pool_version

SPECIALTY_CYCLE = (
    ("A080101", "C0101"),
    ("A080101",),
    ("A0801", "A080102"),
    ("B0201", "C0301"),
    ("C0101", "C02"),
)
DISTRICTS = ("浦东新区", "黄浦区", "徐汇区", "静安区", "闵行区", "杨浦区")
TITLES = ("高级工程师", "正高级工程师", "高级经济师", "教授")


def seed_demo(result) -> dict[str, int]:
    users = [u for u in result.users if u.role == Role.EXPERT and not Expert.objects.filter(user=u).exists()]
    made = 0
    for n, user in enumerate(users, start=1):
        born = dt.date(1965, 1, 1) + dt.timedelta(days=173 * n)
        body = f"310104{born:%Y%m%d}{(500 + user.pk) % 1000:03d}"
        expert = Expert.objects.create(
            expert_code=f"ZJ{90000000 + user.pk:08d}",
            user=user,
            name=user.display_name or user.username,
            id_number=body + id_check_digit(body),
            phone="",
            region=DISTRICTS[n % len(DISTRICTS)],
            title=TITLES[n % len(TITLES)],
            status=Expert.Status.ACTIVE,
            vetting_note="演示数据",
        )
        ExpertSpecialty.objects.bulk_create(
            [
                ExpertSpecialty(expert=expert, specialty_id=code)
                for code in SPECIALTY_CYCLE[n % len(SPECIALTY_CYCLE)]
            ]
        )
        Employment.objects.create(
            expert=expert,
            employer_uscc=make_uscc(f"12310000{4200000 + n:09d}"),
            employer_name=f"上海市某设计研究院第{n}所",
            started_on=dt.date(2010, 3, 1),
        )
        made += 1
    if made:
        bump_pool_version()
    return {"experts": made}
