"""Fixtures for the venues tests: the rooms, people of every role, a stopped clock."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from ggzy.hub.venues.models import Room
from ggzy.hub.venues.room_data import install_rooms
from ggzy.parties.roles import Role
from tests.factories import EntityFactory, UserFactory

SH = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=SH)  # Monday


def at(d, hh, mm=0):
    """``d`` days after NOW's date, at hh:mm Shanghai."""
    day = NOW.date() + dt.timedelta(days=d)
    return dt.datetime(day.year, day.month, day.day, hh, mm, tzinfo=SH)


@pytest.fixture
def rooms(db):
    install_rooms(Room)  # transactional tests flush the migration's rooms
    return {r.code: r for r in Room.objects.all()}


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def people(rooms, frozen):
    agency, other_agency = (
        EntityFactory(name="上海某招标代理有限公司"),
        EntityFactory(name="上海另一代理有限公司"),
    )
    return {
        "agency": UserFactory(username="agency", role=Role.AGENCY, entity=agency),
        "other_agency": UserFactory(username="agency2", role=Role.AGENCY, entity=other_agency),
        "operator": UserFactory(username="operator", role=Role.OPERATOR),
        "operator2": UserFactory(username="operator2", role=Role.OPERATOR),
        "bidder": UserFactory(username="bidder", role=Role.BIDDER, entity=EntityFactory()),
        "expert": UserFactory(username="expert1", role=Role.EXPERT, display_name="张专家"),
        "expert2": UserFactory(username="expert2", role=Role.EXPERT, display_name="李专家"),
    }
