"""Shared test fixtures. Tests run against a real database (SQLite, or PostgreSQL via DATABASE_URL)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is the production hasher; tests that check hashing strength override this back.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def api_client():
    from django.test import Client

    return Client()


# One Playwright/Chromium per test process, shared by every browser test (see tests/browser_support.py).
from tests.browser_support import browser, insecure_cookies, page, phone_page  # noqa: E402, F401
