"""``ggzy exchange`` CLI and ``ggzy redflags demo`` (the engine's synthetic market through the real intake)."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from ggzy.supervision.exchange.models import ExchangeToken, IntakeRecord
from ggzy.supervision.redflags.models import Alert

from . import helpers

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    works = helpers.entity("住建委")
    helpers.catalogue(works_regulators=[works], goods_regulators=[works])
    return works


def run(*args) -> str:
    out = io.StringIO()
    call_command("exchange", *args, stdout=out)
    return out.getvalue()


def test_register_token_list_revoke(catalogue):
    assert "建设工程交易分平台" in run("register", "jsgc")
    raw = run("token", "jsgc", "--name", "生产").strip()
    assert raw.startswith("gx_")
    token = ExchangeToken.objects.get()
    assert token.key_hash != raw and token.prefix == raw[:12]
    assert token.prefix in run("list")
    run("revoke", token.prefix)
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_unknown_platform_is_a_clear_error(catalogue):
    with pytest.raises(CommandError, match="交易分平台未在交易目录中登记"):
        run("register", "nope")
    with pytest.raises(CommandError, match="未登记数据交换"):
        run("token", "jsgc")


def test_demo_fills_records_and_raises_alerts_for_the_regulator(catalogue):
    run("register", "jsgc")
    out = io.StringIO()
    call_command("redflags", "demo", "jsgc", "--tenders", "150", "--seed", "3", stdout=out)
    output = out.getvalue()
    assert "已扫描" in output
    assert IntakeRecord.objects.count() > 100
    assert set(IntakeRecord.objects.values_list("catalogue_code", flat=True)) == {"A01"}
    assert Alert.objects.exists()
    assert all(list(a.regulators.all()) == [catalogue] for a in Alert.objects.all())


def test_demo_needs_a_registered_platform(catalogue):
    """The demo pushes as a registered sub-platform only; an unregistered one is a clear error."""
    with pytest.raises(CommandError, match="未登记数据交换"):
        call_command("redflags", "demo", "jsgc", "--tenders", "5", stdout=io.StringIO())
    assert not IntakeRecord.objects.exists()
