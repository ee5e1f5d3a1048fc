"""Playwright (Python) driving Debian's Chromium against pytest-django's live server.

Skipped when /usr/bin/chromium is missing, unless GGZY_REQUIRE_BROWSER=1 (CI sets it): then it fails.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("GGZY_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
SCREENSHOT_DIR = Path(
    os.environ.get("GGZY_SCREENSHOT_DIR", Path(__file__).resolve().parents[1] / "var" / "screenshots")
)

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test body are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _session_uses_browser(session) -> bool:
    return any("browser" in getattr(item, "fixturenames", ()) for item in session.items)


@pytest.fixture(scope="session", autouse=True)
def _playwright(request):
    """Start Playwright before anything else in the session, when any collected test needs a browser.

    Playwright's sync API switches the running context (greenlets); Django keeps its database connections in
    context-local storage. Started after the test database was set up, later tests would see a fresh
    connection object without the serialized snapshot that transactional tests restore from. Starting it
    first (autouse fixtures run before the database fixtures) keeps one context for the whole session.
    """
    if not _session_uses_browser(request.session) or not Path(CHROMIUM).exists():
        yield None
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(_playwright):
    if _playwright is None:
        if os.environ.get("GGZY_REQUIRE_BROWSER"):
            pytest.fail(f"Chromium not found at {CHROMIUM} (apt-get install -y chromium fonts-noto-cjk)")
        pytest.skip("Chromium not installed")
    browser = _playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()


@pytest.fixture
def insecure_cookies(settings):
    # The live server speaks plain HTTP; production keeps Secure cookies.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


@pytest.fixture
def page(browser, live_server, insecure_cookies):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base = live_server.url
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server, insecure_cookies):
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base = live_server.url
    yield page
    context.close()


def shot(page, name: str) -> Path:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
