"""Shared test fixtures. Tests run against a real database (SQLite, or PostgreSQL via DATABASE_URL)."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(items):
    """Transactional tests (live server, concurrency) end with a flush that would also wipe reference rows seeded
    by data migrations (procedure types, calendar, catalogue…), breaking every test that runs after them in the
    same process. Give each of them serialized rollback: the database is restored as migrations left it."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = "live_server" in getattr(item, "fixturenames", ()) or (
            marker is not None and marker.kwargs.get("transaction")
        )
        if transactional and not (marker is not None and marker.kwargs.get("serialized_rollback")):
            kwargs = dict(marker.kwargs) if marker is not None else {}
            kwargs.update(transaction=True, serialized_rollback=True)
            item.add_marker(pytest.mark.django_db(**kwargs), append=False)


@pytest.fixture(scope="session", autouse=True)
def _archive_root(tmp_path_factory):
    # Bags built by the worker or the demo seed in any test go to a temporary folder, never to var/archives.
    from django.test import override_settings

    with override_settings(GGZY_ARCHIVE_ROOT=tmp_path_factory.mktemp("archives")):
        yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is the production hasher; tests that check hashing strength override this back.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    # Public pages are cached under a version read from the database; rolled-back tests reuse those
    # versions, so each test starts with an empty cache.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def api_client():
    from django.test import Client

    return Client()


# One Playwright/Chromium per test process, shared by every browser test (see tests/browser_support.py).
from tests.browser_support import _playwright, browser, insecure_cookies, page, phone_page  # noqa: E402, F401
