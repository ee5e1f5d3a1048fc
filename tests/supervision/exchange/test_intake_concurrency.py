"""PostgreSQL: simultaneous pushes for one ocid never leave a record that disagrees with its releases."""

from __future__ import annotations

import pytest
from django.db import connection

from ggzy.core.exceptions import Conflict
from ggzy.parties.models import Entity
from ggzy.supervision.exchange.models import ExchangeSource, IntakeRecord, IntakeRelease
from ggzy.supervision.exchange.services import releases_ingest
from ggzy.supervision.redflags.models import Alert, ScanRequest
from ggzy.supervision.redflags.services import ProcessInfo, alert_transition, alerts_from_scan
from tests.helpers import race

from . import helpers
from .ocds_samples import package, release

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (concurrent transactions, row locks)")


@pytest.fixture
def source():
    works = helpers.entity("住建委")
    helpers.catalogue(works_regulators=[works], goods_regulators=[works])
    helpers.registered_source()
    return ExchangeSource.objects.get()


def _consistent(ocid: str) -> None:
    record = IntakeRecord.objects.get(ocid=ocid)
    assert record.release_count == IntakeRelease.objects.filter(ocid=ocid).count()
    assert ScanRequest.objects.filter(ocid=ocid).exists()


def test_two_new_releases_of_a_new_ocid_at_once(source):
    results = race(
        lambda: releases_ingest(source=source, package=package([release(1, rid="a")])),
        lambda: releases_ingest(source=source, package=package([release(1, rid="b")])),
    )
    assert all(not isinstance(r, BaseException) or isinstance(r, Conflict) for r in results), results
    conflicts = [r for r in results if isinstance(r, Conflict)]
    assert all(c.code == "intake_concurrent" for c in conflicts)
    assert IntakeRelease.objects.count() == 2 - len(conflicts)
    _consistent("ocds-test01-000001")


def test_updates_of_an_existing_record_are_serialised(source):
    releases_ingest(source=source, package=package([release(1, rid="first", tag="tender")]))
    results = race(
        *[
            (lambda rid=rid: releases_ingest(source=source, package=package([release(1, rid=rid)])))
            for rid in ("x", "y", "z")
        ]
    )
    assert not any(isinstance(r, BaseException) for r in results), results
    assert IntakeRecord.objects.get().release_count == 4
    _consistent("ocds-test01-000001")


def test_two_regulators_moving_one_alert_at_once(source):
    entity = Entity.objects.get(name="住建委")  # the A01 regulator of the fixture's catalogue
    first, second = helpers.user("regulator", entity), helpers.user("regulator", entity)
    (alert,) = alerts_from_scan(
        result={
            "engine": {"version": "t"},
            "tenders": [{"ocid": "o1", "score": 0.9, "flags": []}],
            "groups": [],
        },
        processes={"o1": ProcessInfo(ocid="o1", catalogue_code="A01")},
    )
    results = race(
        lambda: alert_transition(actor=first, alert_id=alert.pk, to_status="investigating"),
        lambda: alert_transition(actor=second, alert_id=alert.pk, to_status="investigating"),
    )
    assert sorted(type(r).__name__ for r in results) == ["Alert", "Conflict"]
    alert = Alert.objects.get()
    assert alert.status == "investigating" and alert.events.filter(kind="transition").count() == 1
