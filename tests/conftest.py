"""Shared test fixtures. Tests run against a real database (SQLite, or PostgreSQL via DATABASE_URL)."""

from __future__ import annotations

import pytest


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return "live_server" in getattr(item, "fixturenames", ()) or bool(
        marker is not None and marker.kwargs.get("transaction")
    )


def pytest_collection_modifyitems(items):
    """Transactional tests (live server, concurrency) start from the reference rows seeded by data migrations
    (procedure types, calendar, catalogue…): serialized rollback loads them at the start. It also makes the test
    database keep a serialized copy of them, which ``pytest_runtest_teardown`` below puts back afterwards."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if _is_transactional(item) and not (marker is not None and marker.kwargs.get("serialized_rollback")):
            kwargs = dict(marker.kwargs) if marker is not None else {}
            kwargs.update(transaction=True, serialized_rollback=True)
            item.add_marker(pytest.mark.django_db(**kwargs), append=False)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends with a flush that empties every table. Serially, pytest-django runs those tests
    last; with pytest-xdist a worker may run any test after one, so put the migrations' reference rows back right
    away: the next test in this process finds the database as migrations left it."""
    yield
    if nextitem is None or not _is_transactional(item):
        return  # last test: the session's test databases are already being torn down
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        for connection in connections.all(initialized_only=True):
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)


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
