"""``ggzy seed-demo`` extension: two published demo tenders (works and government procurement) so the
trading pages have something to show, and a third published then terminated (终止公告) through the same
services, so one demo section has finished and the archives have a bag to show (built by the archives' demo
step, which runs after this one). Idempotent: skipped when the demo buyer already has tenders."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ggzy.core import calendar, clock

from . import deadlines
from .models import ProcedureType, Tender
from .services.tenders import SectionInput, TenderInput, tender_create, tender_publish, tender_terminate


def seed_demo(result) -> dict[str, int]:
    buyer = next((u for u in result.users if u.username == "buyer1"), None)
    if buyer is None or buyer.entity is None or Tender.objects.filter(buyer=buyer.entity).exists():
        return {"tenders": 0}
    made = 0
    specs = [
        (
            "works-open",
            "GC01",
            "示范：某区道路综合改造工程施工",
            [("施工一标段", "12500000", "12000000"), ("施工二标段", "8600000", "8300000")],
            "",
        ),
        ("gp-open", "ZC01", "示范：办公设备及信息化设备采购", [("A包 台式计算机", "1800000", None)], ""),
        (
            "gp-open",
            "ZC01",
            "示范：某中学食堂厨房设备采购",
            [("A包 厨房设备", "950000", None)],
            "采购需求发生重大变化，终止本次采购（示范数据）",
        ),
    ]
    for code, catalogue_code, title, sections, stop_reason in specs:
        procedure = ProcedureType.objects.filter(code=code).first()
        if procedure is None:
            continue

        earliest = deadlines.earliest_bid_deadline(procedure, clock.now())
        deadline = dt.datetime.combine(
            calendar.next_working_day(earliest.date + dt.timedelta(days=1)).date,
            dt.time(9, 30),
            tzinfo=clock.SHANGHAI,
        )
        tender = tender_create(
            actor=buyer,
            data=TenderInput(
                procedure_type=code,
                catalogue_code=catalogue_code,
                title=title,
                buyer=buyer.entity.uscc,
                tender_period_end=deadline,
                opening_at=deadline,
                district="310115",
                description="一、项目概况\n二、投标人资格要求\n三、评标办法：综合评估法\n（示范数据）",
                sections=[
                    SectionInput(
                        title=t, estimated_amount=Decimal(e), ceiling_amount=Decimal(c) if c else None
                    )
                    for t, e, c in sections
                ],
            ),
        )
        tender_publish(actor=buyer, tender=tender)
        if stop_reason:
            tender_terminate(actor=buyer, tender=tender, reason=stop_reason)
        made += 1
    return {"tenders": made}
