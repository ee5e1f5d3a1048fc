"""ggzy seed-demo: idempotent, prints the accounts, accounts work."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from ggzy.catalog.models import CatalogueEntry, CatalogueVersion, SubPlatform, TradingMethod
from ggzy.core.codes import is_valid_uscc
from ggzy.parties.models import Entity, User
from ggzy.portal.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

MODELS = (Entity, User, CatalogueVersion, CatalogueEntry, SubPlatform, TradingMethod)


def _counts():
    return {m.__name__: m.objects.count() for m in MODELS}


def _run():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_running_twice_creates_nothing_the_second_time():
    first_output = _run()
    first = _counts()
    second_output = _run()
    assert _counts() == first
    assert "entities 0" in second_output and "users 0" in second_output
    assert first["User"] >= 80 and first["CatalogueVersion"] == 1 and first["SubPlatform"] == 6
    for text in (
        "buyer1",
        "agency1",
        "bidder1",
        "expert1",
        "operator1",
        "regulator1",
        "admin1",
        DEMO_PASSWORD,
    ):
        assert text in first_output


def test_every_demo_entity_is_verified_with_a_valid_uscc():
    _run()
    assert Entity.objects.count() >= 60
    assert not Entity.objects.exclude(status=Entity.Status.VERIFIED).exists()
    assert all(is_valid_uscc(u) for u in Entity.objects.values_list("uscc", flat=True))
    for role in ("buyer", "agency", "bidder"):
        assert Entity.objects.filter(users__role=role).distinct().count() == 20


def test_demo_accounts_log_in_with_the_printed_password(client):
    _run()
    assert client.login(username="bidder20", password=DEMO_PASSWORD)
    regulator = User.objects.get(username="regulator1")
    assert regulator.entity.name == "上海市住房和城乡建设管理委员会"
    assert regulator.entity.kind == Entity.Kind.GOVERNMENT
    assert User.objects.get(username="sysadmin").is_superuser


def test_operator_can_open_the_admin(client):
    _run()
    assert client.login(username="operator1", password=DEMO_PASSWORD)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/catalog/catalogueversion/").status_code == 200


def test_apps_extend_the_demo_through_their_demo_data_module(monkeypatch):
    from ggzy.portal import demo

    seen = {}

    def seed_more(result):
        seen["bidders"] = len(result.entities["bidder"])
        seen["users"] = len(result.users)
        return {"widgets": 3}

    monkeypatch.setattr(demo, "_extension_seeders", lambda: [("widgets_app", seed_more)])
    output = _run()
    assert seen == {"bidders": 20, "users": len(User.objects.all())}
    assert "widgets_app.widgets 3" in output
