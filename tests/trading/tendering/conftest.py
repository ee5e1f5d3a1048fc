"""Fixtures for the tendering tests: reference catalogue, verified parties of every role, a clock."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from ggzy.core.codes import make_uscc
from ggzy.parties.models import Entity, User
from ggzy.parties.roles import Role
from tests import helpers
from tests.factories import EntityFactory, UserFactory

SH = ZoneInfo("Asia/Shanghai")
# Monday 2026-03-02 09:00 Shanghai. 20 days later is Sunday 03-22 → earliest legal deadline Monday 03-23.
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=SH)
DEADLINE = dt.datetime(2026, 3, 23, 9, 30, tzinfo=SH)


def at(y, m, d, hh=9, mm=0, ss=0):
    return dt.datetime(y, m, d, hh, mm, ss, tzinfo=SH)


@pytest.fixture
def clock_at():
    """``clock_at(moment)`` moves time (time-machine, no ticking) for the rest of the test."""
    travellers = []

    def _go(moment):
        if travellers:
            travellers.pop().stop()
        traveller = time_machine.travel(moment, tick=False)
        traveller.start()
        travellers.append(traveller)

    yield _go
    for t in travellers:
        t.stop()


@pytest.fixture
def catalogue(db):
    from ggzy.portal.demo import install_demo_catalogue

    return install_demo_catalogue()


_serial = iter(range(100, 999))


def make_entity(name: str, *, verified: bool = True, kind=Entity.Kind.ENTERPRISE) -> Entity:
    body = f"91310115MA1T{next(_serial):03d}XX"[:17]
    return EntityFactory(
        uscc=make_uscc(body),
        name=name,
        kind=kind,
        status=Entity.Status.VERIFIED if verified else Entity.Status.PENDING,
    )


def make_user(username: str, role: str, entity: Entity | None) -> User:
    return UserFactory(username=username, password="x-Secret-123", role=role, entity=entity, display_name="")


def bidder_uscc(i: int) -> str:
    return make_uscc(f"91310115MA1TB{i:03d}X")


def bidder_entity(i: int) -> Entity:
    return Entity.objects.create(
        uscc=bidder_uscc(i), name=f"上海第{i}建筑工程有限公司", status=Entity.Status.VERIFIED
    )


_KEYS: dict = {}


def keys_for(uscc: str):
    """Bidder key pairs are slow to generate (RSA-3072): one per USCC for the whole test session."""
    from ggzy.trading.tendering.bidder_client.sealing import generate_bidder_keys

    if uscc not in _KEYS:
        _KEYS[uscc] = generate_bidder_keys(uscc)
    return _KEYS[uscc]


def register_keys(user) -> object:
    from ggzy.parties.services.keys import entity_key_register

    keys = keys_for(user.entity.uscc)
    for jwk in keys.public_jwks():
        entity_key_register(actor=user, entity=user.entity, jwk=jwk)
    return keys


def seal_for(user, section, amount, *, marker="", declared=None, files=()):
    """A sealed bid (envelope, manifest) as the bidder's tools would produce it."""
    from ggzy.trading.tendering.bidder_client.sealing import build_bid_content, seal_bid

    keys = keys_for(user.entity.uscc)
    content = build_bid_content(
        section_id=str(section.pk),
        bidder=user.entity.uscc,
        amount=amount,
        declared={"durationDays": 365, "qualityStandard": "合格", "note": marker, **(declared or {})},
        files=list(files) or [("技术标.txt", "text/plain", f"技术标 {marker}".encode())],
    )
    return seal_bid(content=content, keys=keys, section_id=str(section.pk))


def cek_for(user, envelope: str) -> str:
    from ggzy.core.crypto.jose import b64url_encode
    from ggzy.trading.tendering.bidder_client.sealing import unwrap_cek

    return b64url_encode(unwrap_cek(envelope=envelope, keys=keys_for(user.entity.uscc)))


@pytest.fixture
def parties(catalogue):
    buyer = make_entity("上海市某某区建设管理中心", kind=Entity.Kind.INSTITUTION)
    other_buyer = make_entity("上海市另一采购单位", kind=Entity.Kind.INSTITUTION)
    agency = make_entity("上海某招标代理有限公司")
    bidders = [bidder_entity(i) for i in range(1, 6)]
    gov = make_entity("上海市住房和城乡建设管理委员会（测试）", kind=Entity.Kind.GOVERNMENT)
    # The test regulator supervises the works category of the tenders built here (a regulator reads only
    # its own catalogue categories).
    from ggzy.catalog.selectors import current_entries

    current_entries().get(code="GC01").regulators.add(gov)
    return {
        "buyer": make_user("buyer", Role.BUYER, buyer),
        "other_buyer": make_user("buyer2", Role.BUYER, other_buyer),
        "agency": make_user("agency", Role.AGENCY, agency),
        "bidders": [make_user(f"bidder{i}", Role.BIDDER, e) for i, e in enumerate(bidders, start=1)],
        "operator": make_user("operator", Role.OPERATOR, None),
        "regulator": make_user("regulator", Role.REGULATOR, gov),
        "unverified": make_user("newbidder", Role.BIDDER, make_entity("未审核公司", verified=False)),
    }


def tender_input(
    buyer_uscc: str,
    *,
    procedure="works-open",
    deadline=DEADLINE,
    opening=None,
    sections=1,
    catalogue_code=None,
    invited=(),
):
    from ggzy.trading.tendering.services.tenders import SectionInput, TenderInput

    code = catalogue_code or ("ZC01" if procedure.startswith("gp") else "GC01")
    return TenderInput(
        procedure_type=procedure,
        catalogue_code=code,
        title="某某路道路改建工程施工",
        buyer=buyer_uscc,
        tender_period_end=deadline,
        opening_at=opening or deadline,
        opening_window_minutes=30,
        district="浦东新区",
        description="招标文件正文：工期365日历天。",
        invited_bidders=list(invited),
        sections=[
            SectionInput(
                title=f"第{i}标段", estimated_amount=Decimal("12000000"), ceiling_amount=Decimal("11800000")
            )
            for i in range(1, sections + 1)
        ],
    )


@pytest.fixture
def draft(parties, clock_at):
    from ggzy.trading.tendering.services.tenders import tender_create

    clock_at(START)
    return tender_create(actor=parties["buyer"], data=tender_input(parties["buyer"].entity.uscc))


@pytest.fixture
def published(draft, parties):
    from ggzy.trading.tendering.services.tenders import tender_publish

    return tender_publish(actor=parties["buyer"], tender=draft)


@pytest.fixture
def client_for():
    return helpers.client_for


@pytest.fixture
def reseeded(db):
    """Transactional tests flush the database: put back the migration data this app needs."""
    from ggzy.core.calendar_data import seed_package_days
    from ggzy.core.models import CalendarDay
    from ggzy.trading.tendering.models import ProcedureType
    from ggzy.trading.tendering.procedure_data import seed_procedure_types

    if not CalendarDay.objects.filter(date__year=2026).exists():
        seed_package_days(CalendarDay)
    seed_procedure_types(ProcedureType)
