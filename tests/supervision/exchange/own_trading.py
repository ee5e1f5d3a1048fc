"""Rows of the tendering app for publication/statistics tests, written with the ORM directly.

The tendering engineer's services need keys, JWE envelopes and a moving clock; the OCDS export only
reads the resulting rows, so the tests build those rows as the services leave them at each stage.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from ggzy.core.clock import SHANGHAI
from ggzy.trading.tendering.codes import new_draft_ref
from ggzy.trading.tendering.models import Award, Bid, Contract, ProcedureType, Section, Tender, TradingProject

from . import helpers

_seq = itertools.count(1)
PUBLISHED = dt.datetime(2026, 2, 2, 9, 0, tzinfo=SHANGHAI)
DEADLINE = dt.datetime(2026, 3, 2, 9, 30, tzinfo=SHANGHAI)
REVEALED = dt.datetime(2026, 3, 2, 10, 15, tzinfo=SHANGHAI)
AWARDED = dt.datetime(2026, 3, 20, 15, 0, tzinfo=SHANGHAI)
SIGNED = dt.datetime(2026, 4, 1, 10, 0, tzinfo=SHANGHAI)


def own_section(
    *,
    stage: str = "awarded",
    prices=(9_100_000, 9_300_000, 9_500_000),
    catalogue_code: str = "A01",
    district: str = "310115",
    ceiling: int = 10_000_000,
    fingerprint: dict | None = None,
    bidders: list | None = None,
    published: dt.datetime = PUBLISHED,
) -> Section:
    """A section at ``stage``: bidding | revealed | awarded | contracted | failed."""
    n = next(_seq)
    buyer = helpers.entity(f"某区教育局{n}")
    user = helpers.user("buyer", buyer)
    project = TradingProject.objects.create(
        code=f"E310115260202{n:04d}",
        title=f"学校项目{n}",
        buyer=buyer,
        industry_code="E",
        region_code=district,
        created_at=published,
    )
    tender = Tender.objects.create(
        project=project,
        code=f"{project.code}001",
        draft_ref=new_draft_ref(),
        procedure_type=ProcedureType.objects.get(code="works-open"),
        catalogue_code=catalogue_code,
        district=district,
        title=f"某学校教学楼新建工程{n}",
        buyer=buyer,
        created_by=user,
        status="published",
        tender_period_end=DEADLINE,
        opening_at=DEADLINE,
        published_at=published,
        created_at=published,
    )
    section = Section.objects.create(
        tender=tender,
        code=f"{tender.code}001",
        number=1,
        title="施工",
        estimated_amount=Decimal(ceiling),
        ceiling_amount=Decimal(ceiling),
        status="bidding",
    )
    bidders = bidders or [helpers.entity(f"建设公司{n}-{i}", kind="enterprise") for i in range(len(prices))]
    bids = []
    # the envelope bytes moved to a table of their own at some point; the export never reads them
    envelope = {"envelope": b"{}"} if "envelope" in {f.name for f in Bid._meta.concrete_fields} else {}
    for i, bidder in enumerate(bidders[: len(prices)]):
        bids.append(
            Bid.objects.create(
                section=section,
                bidder=bidder,
                submitted_by=user,
                status="submitted",
                **envelope,
                envelope_sha256="0" * 64,
                envelope_size=2,
                manifest="x.y.z",
                manifest_payload={},
                enc_kid=f"k{n}-{i}",
                sig_kid=f"s{n}-{i}",
                fingerprint=fingerprint or {"ipAddress": f"10.0.{n}.{i}"},
                receipt="r",
                received_at=DEADLINE - dt.timedelta(hours=3 - i),
                price_amount=None,
            )
        )
    if stage == "failed":
        Section.objects.filter(pk=section.pk).update(status="failed", failure_reason="投标人不足3家")
        return Section.objects.get(pk=section.pk)
    if stage == "bidding":
        return section
    for bid, price in zip(bids, prices, strict=False):
        Bid.objects.filter(pk=bid.pk).update(
            status="decrypted", price_amount=Decimal(price), price_currency="CNY"
        )
    Section.objects.filter(pk=section.pk).update(status="opened", revealed_at=REVEALED)
    if stage == "revealed":
        return Section.objects.get(pk=section.pk)
    winner = min(bids, key=lambda b: prices[bids.index(b)])
    award = Award.objects.create(
        section=section, bid=winner, decided_at=AWARDED, decided_by=user, notice_jws="j"
    )
    Section.objects.filter(pk=section.pk).update(status="awarded")
    if stage == "contracted":
        Contract.objects.create(
            section=section,
            award=award,
            status="signed",
            amount=Decimal(min(prices)),
            due_date=dt.date(2026, 4, 19),
            signed_at=SIGNED,
        )
        Section.objects.filter(pk=section.pk).update(status="contracted")
    return Section.objects.get(pk=section.pk)
