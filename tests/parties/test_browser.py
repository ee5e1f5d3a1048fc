"""Parties pages in a real browser on a phone screen: operator approves, bidder pastes a JWK, issues a token."""

from __future__ import annotations

import json

import pytest

from ggzy.parties import services
from ggzy.parties.models import ApiToken, Entity, EntityKey
from ggzy.parties.roles import Role
from tests.browser_support import shot  # fixtures: tests/conftest.py registers them once for the suite

from .conftest import PASSWORD, USCC_A, USCC_C
from .keys import p256_pair

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def login(page, username):
    page.goto(page.base + "/login/")
    page.locator("main input[name=username]").fill(username)
    page.locator("main input[name=password]").fill(PASSWORD)
    page.locator("main form.stacked button[type=submit]").click()
    page.wait_for_load_state()


def fits(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{page.url} is {overflow}px wider than the phone screen"


def test_operator_approves_then_bidder_registers_key_and_token_on_a_phone(phone_page):  # noqa: F811
    page = phone_page
    services.entity_create(actor=None, uscc=USCC_C, name="上海市公共资源交易中心", verified=True)
    services.user_create(actor=None, username="op", password=PASSWORD, role=Role.OPERATOR, entity_uscc=USCC_C)
    services.entity_register(uscc=USCC_A, name="上海甲建设有限公司", username="jia", password=PASSWORD)

    login(page, "op")
    page.goto(page.base + "/operator/entities/")
    fits(page)
    shot(page, "parties-operator-phone")
    card = page.locator(".card", has_text="上海甲建设有限公司")
    card.locator("button[value=approve]").click()
    page.wait_for_load_state()
    assert "已通过" in page.locator(".messages").inner_text()
    assert Entity.objects.get(uscc=USCC_A).status == Entity.Status.VERIFIED
    page.locator("header form[action='/logout/'] button").click()
    page.wait_for_load_state()

    login(page, "jia")
    page.goto(page.base + "/account/keys/")
    page.locator("textarea[name=jwk]").fill(json.dumps(p256_pair("phone-sig").jwk))
    page.locator("main form.stacked button[type=submit]").click()
    page.wait_for_load_state()
    assert "phone-sig" in page.locator("main table").inner_text()
    assert EntityKey.objects.filter(kid="phone-sig", entity__uscc=USCC_A).exists()
    fits(page)
    shot(page, "parties-keys-phone")

    page.goto(page.base + "/account/tokens/")
    page.locator("main input[name=name]").fill("投标工具")
    page.locator("main form.stacked button[type=submit]").click()
    page.wait_for_load_state()
    raw = page.locator(".token-once").inner_text().strip()
    token = ApiToken.objects.get(user__username="jia")
    assert raw.startswith(token.prefix) and token.key_hash != raw
    fits(page)
    shot(page, "parties-tokens-phone")
