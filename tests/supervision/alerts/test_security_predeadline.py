"""Finding 1 (High): nothing about a bid reaches supervision before the section's bid deadline.

Bids exist before the deadline and the worker scans the section (e.g. it lagged behind the
publication): no alert, no OCDS release, no stored scan input may hold a bidder's credit code, a bid id
or a submission fingerprint. The deadline is the section's *current* one at compile time (a clarification
that moves it later opens no window). After the deadline the scan raises its alerts as before.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.core import serializers

from ggzy.core.models import AuditRecord
from ggzy.core.worker import run_once
from ggzy.supervision.exchange import ocds_export, ocds_feed
from ggzy.supervision.redflags import models as redflags_models
from ggzy.supervision.redflags.models import Alert, Participation, ScanRequest
from ggzy.supervision.redflags.scanning import load_compiled, scan_enqueue, scan_pending
from ggzy.trading.tendering.models import Bid, Section
from ggzy.trading.tendering.services.participation import clarification_issue
from tests.supervision.exchange import helpers
from tests.supervision.exchange.ocds_samples import package, release
from tests.supervision.exchange.own_trading import DEADLINE, own_section

LEAK = {
    "hardwareId": "HW-SAME",
    "depositAccount": "6222-0001",
    "macAddress": "00:1A:2B:3C:4D:5E",
    "fileCreatorId": "TOOL-77",
    "ipAddress": "10.9.9.9",
}
BEFORE = DEADLINE - dt.timedelta(days=1)
MOVED = DEADLINE + dt.timedelta(days=21)


@pytest.fixture
def travel():
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


def cartel_sections(n: int = 8) -> list[Section]:
    """``n`` sections still in bidding whose bids share one machine (the scanner would flag them)."""
    firms = [helpers.entity(f"围标公司{i}", kind="enterprise") for i in range(4)]
    sections = [
        own_section(stage="bidding", prices=[1, 2, 3, 4], bidders=firms, fingerprint=LEAK) for _ in range(n)
    ]
    Section.objects.filter(pk__in=[s.pk for s in sections]).update(next_check_at=DEADLINE)
    return sections


def secrets_of(sections) -> set[str]:
    """Everything that identifies a bid: bidder credit codes, bid ids (as the OCDS export names them),
    fingerprint values."""
    values: set[str] = set(LEAK.values())
    for bid in Bid.objects.filter(section__in=sections).select_related("bidder", "section"):
        values.add(bid.bidder.uscc)
        values.add(f"{ocds_export.section_ocid(bid.section)}-bid-{bid.pk}")
    return values


def stored_supervision_data() -> str:
    """Every row supervision keeps from scans (queue, participation, alerts and their events, audit)."""
    rows = []
    for model in (Alert, redflags_models.AlertEvent, Participation, ScanRequest):
        rows.append(serializers.serialize("json", model.objects.all()))
    rows.append(
        json.dumps(list(AuditRecord.objects.filter(action__startswith="alert.").values()), default=str)
    )
    return "\n".join(rows)


def published_ocds(sections) -> str:
    releases, _ = ocds_feed.releases_page(cursor=None, limit=200)
    records = [ocds_feed.record_package(ocds_export.section_ocid(s), uri="x") for s in sections]
    return json.dumps({"feed": releases, "records": records}, ensure_ascii=False)


def assert_nothing_about_bids(sections) -> None:
    secrets = secrets_of(sections)
    stored = stored_supervision_data()
    assert not Alert.objects.exists()
    assert not Participation.objects.exists()
    assert not [s for s in secrets if s in stored]
    public = published_ocds(sections)
    assert not [s for s in secrets if s in public]
    compiled = json.dumps(
        load_compiled({"own": {ocds_export.section_ocid(s) for s in sections}}), ensure_ascii=False
    )
    assert "bids" not in compiled and "tenderer" not in compiled
    assert not [s for s in secrets if s in compiled]


def test_worker_scan_before_the_deadline_sees_no_bid_then_alerts_after_it(world, travel):
    """Finding 1: the worker scans sections with bids before the deadline → nothing about the bids is
    compiled, stored or alerted; once the deadline passes the same worker raises the alerts as before."""
    travel(BEFORE)
    sections = cartel_sections()
    run_once()
    assert not ScanRequest.objects.exists()  # the sections were scanned, not skipped
    assert_nothing_about_bids(sections)

    travel(DEADLINE + dt.timedelta(hours=1))
    run_once()
    assert Alert.objects.filter(subject_type="tender").count() == len(sections)
    assert Participation.objects.exists()


def test_a_scan_already_queued_before_the_deadline_carries_no_bid_data(world, travel):
    """Finding 1: a scan request queued before the deadline and run before it holds no bid data."""
    travel(BEFORE)
    sections = cartel_sections()
    scan_enqueue(ocids=[ocds_export.section_ocid(s) for s in sections], source="own")
    assert scan_pending() == len(sections)
    assert_nothing_about_bids(sections)


def test_clarification_moving_the_deadline_later_opens_no_window(world, travel):
    """Finding 1: after a scan, a clarification moves the deadline later; at the old deadline the bids are
    still sealed, so a rescan compiles none of them. Alerts come only after the new deadline."""
    travel(BEFORE)
    sections = cartel_sections()
    run_once()
    for section in sections:
        clarification_issue(
            actor=section.tender.created_by,
            tender=section.tender,
            body="顺延投标截止时间",
            new_deadline=MOVED,
        )

    travel(DEADLINE + dt.timedelta(hours=1))
    scan_enqueue(ocids=[ocds_export.section_ocid(s) for s in sections], source="own")
    run_once()
    assert not ScanRequest.objects.exists()
    assert_nothing_about_bids(sections)

    travel(MOVED + dt.timedelta(hours=1))
    run_once()
    assert Alert.objects.filter(subject_type="tender").count() == len(sections)


def test_intake_bids_before_the_reported_deadline_are_not_scanned(client, world, travel):
    """Finding 1: a sub-platform that pushes bids before its own reported deadline does not get them
    scanned: the scanner compiles nothing about those bids until the deadline."""
    travel(dt.datetime(2026, 2, 20, 10, 0, tzinfo=dt.UTC))
    _, token = helpers.registered_source()
    releases = [release(n, tag="tender", status="active", submission=LEAK) for n in range(1, 4)]
    response = client.post(
        "/api/v1/exchange/releases",
        data=json.dumps(package(releases)),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 201, response.content
    assert scan_pending() == 3
    assert not Participation.objects.exists()
    assert not Alert.objects.exists()
    stored = stored_supervision_data()
    assert "HW-SAME" not in stored and "6222-0001" not in stored
