"""Fixtures for the expert pool and draws: real rows, real services, real audit seals."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from ggzy.core.codes import id_check_digit, make_uscc
from ggzy.parties.models import Entity, User
from ggzy.parties.roles import Role
from tests.factories import EntityFactory, UserFactory

_seq = itertools.count(1)
T0 = dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.UTC)  # 09:00 Shanghai


def uscc(n: int) -> str:
    return make_uscc(f"91310000{n:09d}")


def id_number(n: int) -> str:
    body = f"31010119800101{n % 1000:03d}"
    return body + id_check_digit(body)


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(T0, tick=False)
    return time_machine


@pytest.fixture
def make_entity(db):
    def make(n: int, *, role_name="企业", kind=Entity.Kind.ENTERPRISE) -> Entity:
        return EntityFactory(uscc=uscc(n), name=f"{role_name}{n}", kind=kind, status=Entity.Status.VERIFIED)

    return make


@pytest.fixture
def make_user(db):
    def make(role: str, entity: Entity | None = None, name: str | None = None) -> User:
        n = next(_seq)
        return UserFactory(
            username=f"{role}-{n}",
            password="pw-not-used-123",
            role=role,
            entity=entity,
            display_name=name or f"{role}{n}",
        )

    return make


@pytest.fixture
def project(make_entity, make_user):
    """A section's facts: buyer, agency (with a user), three bidders, a regulator."""
    buyer = make_entity(1, role_name="采购人")
    agency = make_entity(2, role_name="代理")
    bidders = [make_entity(10 + i, role_name="投标人") for i in range(3)]
    regulator = make_entity(5, role_name="监管部门", kind=Entity.Kind.GOVERNMENT)
    return {
        "buyer": buyer,
        "agency": agency,
        "bidders": bidders,
        "regulator": regulator,
        "agency_user": make_user(Role.AGENCY, agency),
        "buyer_user": make_user(Role.BUYER, buyer),
        "operator": make_user(Role.OPERATOR),
        "regulator_user": make_user(Role.REGULATOR, regulator),
        "other_agency_user": make_user(Role.AGENCY, make_entity(3, role_name="其他代理")),
        "bidder_user": make_user(Role.BIDDER, bidders[0]),
    }


@pytest.fixture
def make_expert(db, make_user):
    """An active expert created through the real services (register + vet)."""
    from ggzy.hub.experts import services

    operator = None

    def make(
        n: int,
        *,
        specialties=("A080101",),
        employer=900,
        former=None,
        relatives=(),
        region="浦东新区",
        status="active",
    ):
        nonlocal operator
        if operator is None:
            operator = make_user(Role.OPERATOR)
        user = make_user(Role.EXPERT, name=f"专家{n}")
        employments = [
            {"employerUscc": uscc(employer), "employerName": f"单位{employer}", "startedOn": "2015-01-01"}
        ]
        if former:
            f_uscc, ended = former
            employments.append(
                {
                    "employerUscc": f_uscc,
                    "employerName": "前单位",
                    "startedOn": "2010-01-01",
                    "endedOn": ended,
                }
            )
        expert = services.expert_register(
            actor=user,
            name=f"专家{n}",
            id_number=id_number(n),
            phone="13800000000",
            region=region,
            title="高级工程师",
            specialties=list(specialties),
            employments=employments,
            relatives=[{"companyUscc": r, "companyName": "亲属单位", "relation": "配偶"} for r in relatives],
        )
        if status in ("active", "suspended"):
            expert = services.expert_vet(actor=operator, expert=expert, approve=True)
        if status == "suspended":
            expert = services.expert_set_status(
                actor=operator, expert=expert, status="suspended", note="违规暂停"
            )
        return expert

    return make


@pytest.fixture
def request_draw(project):
    from ggzy.hub.experts import services

    def make(*, lines=None, evaluation_at=None, section="SH-2026-001-01", actor=None, **overrides):
        kwargs = dict(
            actor=actor or project["agency_user"],
            section_ref=section,
            buyer_uscc=project["buyer"].uscc,
            agency_uscc=project["agency"].uscc,
            bidder_usccs=[b.uscc for b in project["bidders"]],
            regulator_usccs=[project["regulator"].uscc],
            evaluation_at=evaluation_at or T0 + dt.timedelta(hours=24),
            lines=lines or [{"specialty": "A080101", "count": 3}],
        )
        kwargs.update(overrides)
        return services.draw_request(**kwargs)

    return make


@pytest.fixture
def seal():
    """Move the clock on and seal the audit log: the first seal after a commitment is its beacon."""
    from ggzy.core.audit_seal import seal_due

    def do(clock, seconds=5):
        clock.shift(dt.timedelta(seconds=seconds))
        seal_due(force=True)

    return do
