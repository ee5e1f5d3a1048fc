"""Password pages on a 390 px phone screen, in Chinese (finding 17): an operator resets a bidder's password,
the bidder logs in with the temporary one and is taken to the change page; error pages fit too (finding 18)."""

from __future__ import annotations

import pytest

from ggzy.parties import services
from ggzy.parties.models import User
from ggzy.parties.roles import Role
from tests.browser_support import shot  # fixtures: tests/conftest.py registers them once for the suite

from .conftest import PASSWORD, USCC_A, USCC_C

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
NEW_PASSWORD = "Xin-Mima-2026!strong"


def login(page, username, password):
    page.goto(page.base + "/login/")
    page.locator("main input[name=username]").fill(username)
    page.locator("main input[name=password]").fill(password)
    page.locator("main form.stacked button[type=submit]").click()
    page.wait_for_load_state()


def fits(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{page.url} is {overflow}px wider than the phone screen"


def test_reset_then_forced_password_change_on_a_phone(phone_page):
    """Finding 17: reset by the operator, forced change at the next login, all on a phone in Chinese."""
    page = phone_page
    services.entity_create(actor=None, uscc=USCC_C, name="上海市公共资源交易中心", verified=True)
    services.entity_create(actor=None, uscc=USCC_A, name="上海甲建设有限公司", verified=True)
    services.user_create(actor=None, username="op", password=PASSWORD, role=Role.OPERATOR, entity_uscc=USCC_C)
    services.user_create(actor=None, username="jia", password=PASSWORD, role=Role.BIDDER, entity_uscc=USCC_A)

    login(page, "op", PASSWORD)
    page.goto(page.base + "/operator/users/?q=jia")
    fits(page)
    page.locator("main table button", has_text="重置密码").click()
    page.wait_for_load_state()
    temporary = page.locator(".token-once").inner_text().strip()
    assert len(temporary) == 16
    fits(page)
    shot(page, "parties-password-reset-phone")
    page.locator("header form[action='/logout/'] button").click()
    page.wait_for_load_state()

    login(page, "jia", temporary)
    assert "/account/password/" in page.url
    assert "临时密码" in page.locator("main").inner_text()
    fits(page)
    page.locator("input[name=old_password]").fill(temporary)
    page.locator("input[name=new_password1]").fill(NEW_PASSWORD)
    page.locator("input[name=new_password2]").fill(NEW_PASSWORD)
    page.locator("main form.stacked button[type=submit]").click()
    page.wait_for_load_state()
    assert "密码已修改" in page.locator(".messages").inner_text()
    user = User.objects.get(username="jia")
    assert user.check_password(NEW_PASSWORD) and not user.must_change_password

    page.goto(page.base + "/account/password/")
    assert "修改密码" in page.locator("h1").inner_text()
    fits(page)
    shot(page, "parties-password-change-phone")


def test_404_page_fits_a_phone(phone_page):
    """Finding 18: the Chinese 404 page renders within a 390 px screen."""
    page = phone_page
    response = page.goto(page.base + "/no-such-page/")
    assert response.status == 404
    assert "页面不存在" in page.locator("h1").inner_text()
    fits(page)
    shot(page, "error-404-phone")
