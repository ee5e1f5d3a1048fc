"""End to end: sub-platform intake → incremental red-flag scan → alerts for the category's regulator."""

from __future__ import annotations

import json
import random

import pytest

from ggzy.supervision.redflags.models import Alert, Participation, ScanRequest
from ggzy.supervision.redflags.scanning import scan_pending
from ggzy.supervision.redflags.tasks import PERIODIC_TASKS
from tests.supervision.exchange import helpers
from tests.supervision.exchange.ocds_samples import package, release

LEAK = {"hardwareId": "HW-SAME", "depositAccount": "6222-0001"}


def cartel_tender(n: int) -> dict:
    base = [900_000.0, 909_000.0, 918_000.0, 927_000.0]
    amounts = base[n % 4 :] + base[: n % 4]  # the same four firms take turns to win, covers in 1% steps
    return release(n, amounts=amounts, winner=amounts.index(min(amounts)), submission=LEAK)


def honest_tender(n: int) -> dict:
    rng = random.Random(n)
    amounts = [rng.uniform(700_000, 990_000) for _ in range(4)]
    return release(n, amounts=amounts, bidder_offset=100 + 4 * n, winner=amounts.index(min(amounts)))


def push(client, token, releases):
    response = client.post(
        "/api/v1/exchange/releases",
        data=json.dumps(package(releases)),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 201, response.content


@pytest.fixture
def token(world):
    return helpers.registered_source()[1]


def test_cartel_in_intake_becomes_alerts_for_the_works_regulator(client, world, token):
    push(client, token, [cartel_tender(n) for n in range(1, 9)] + [honest_tender(n) for n in range(9, 20)])
    assert ScanRequest.objects.count() == 19
    assert scan_pending() == 19
    assert ScanRequest.objects.count() == 0
    tender_alerts = Alert.objects.filter(subject_type=Alert.Subject.TENDER)
    assert sorted(tender_alerts.values_list("subject_key", flat=True)) == [
        f"ocds-test01-{n:06d}" for n in range(1, 9)
    ]
    assert all(list(a.regulators.all()) == [world.works] for a in tender_alerts)
    group = Alert.objects.get(subject_type=Alert.Subject.GROUP)
    assert len(group.members) == 4 and "R057" in [f["code"] for f in group.flags]
    assert Participation.objects.filter(ocid="ocds-test01-000001").count() == 4


def test_new_tender_is_scanned_with_its_bidders_history_only(client, world, token):
    push(client, token, [cartel_tender(n) for n in range(1, 8)] + [honest_tender(n) for n in range(9, 20)])
    scan_pending()
    before = dict(Alert.objects.filter(subject_type="tender").values_list("subject_key", "updated_at"))
    assert len(before) == 7
    push(client, token, [cartel_tender(8)])
    assert list(ScanRequest.objects.values_list("ocid", flat=True)) == ["ocds-test01-000008"]
    assert scan_pending() == 1
    assert Alert.objects.filter(subject_type="tender", subject_key="ocds-test01-000008").exists()
    # honest processes were not touched and no honest process was alerted
    assert not Alert.objects.filter(subject_key__in=[f"ocds-test01-{n:06d}" for n in range(9, 20)]).exists()
    # earlier tenders were only context: their alerts were not rescored
    after = dict(Alert.objects.filter(subject_key__in=list(before)).values_list("subject_key", "updated_at"))
    assert after == before


def test_empty_queue_is_a_no_op(world):
    assert scan_pending() == 0
    assert scan_pending in PERIODIC_TASKS
