"""`ggzy seed-demo` gives the supervision pages real data: intake from a sub-platform, scan, alerts."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from ggzy.parties.models import User
from ggzy.supervision.exchange.models import IntakeRelease
from ggzy.supervision.redflags.models import Alert

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", verbosity=0)


def test_seed_demo_reports_a_market_and_raises_alerts_once(demo):
    releases, alerts = IntakeRelease.objects.count(), Alert.objects.count()
    assert releases > 0
    assert alerts > 0
    call_command("seed_demo", verbosity=0)
    assert (IntakeRelease.objects.count(), Alert.objects.count()) == (releases, alerts)


def test_construction_regulator_sees_demo_dashboards_and_alerts(client, demo):
    client.force_login(User.objects.get(username="regulator1"))
    dashboard = client.get("/supervision/statistics/")
    assert dashboard.status_code == 200
    assert "<svg" in dashboard.content.decode()
    alerts = client.get("/supervision/alerts/").content.decode()
    assert "待核查" in alerts


def test_bidder_is_refused_the_supervision_pages_even_with_demo_data(client, demo):
    client.force_login(User.objects.get(username="bidder1"))
    for url in ("/supervision/statistics/", "/supervision/alerts/", "/supervision/exchange/quality/"):
        assert client.get(url).status_code in (403, 404)
