"""The portal pages fit a phone screen (390 px): no sideways scrolling, navigation reachable."""

from __future__ import annotations

import pytest

from ggzy.portal.demo import seed_demo
from tests.browser_support import shot

# serialized_rollback: the flush after a live-server test would otherwise wipe rows that migrations seed
# (procedure types, calendar) for the tests that run after this module.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("path", ["/", "/catalogue/", "/catalogue/GC01/", "/notices/"])
def test_page_fits_a_phone(phone_page, path):
    seed_demo()
    phone_page.goto(phone_page.base + path)
    assert (
        phone_page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
        == "rgb(179, 38, 30)"
    ), "stylesheet not loaded"
    overflow = phone_page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
    assert phone_page.locator(".main-nav a[href='/notices/']").is_visible()
    shot(phone_page, "portal-phone" + path.replace("/", "-").rstrip("-"))


def test_language_switch_in_the_browser(page):
    page.goto(page.base + "/")
    page.locator("form.lang button").click()
    page.wait_for_url(page.base + "/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h2#platforms-h").inner_text() == "One network, three systems"
