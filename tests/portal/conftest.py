from __future__ import annotations

import pytest
from django.db import transaction
from django.test import TestCase

from ggzy.portal.demo import seed_demo


@pytest.fixture(scope="module")
def demo_seeded(django_db_setup, django_db_blocker):
    """The demo data, seeded once per test module — the tests here only read it.

    Seeded inside an outer transaction that is rolled back when the module ends (Django's
    ``TestCase.setUpTestData``, for pytest): each test runs in a savepoint on top of it, so what one test
    changes is gone for the next, and nothing outlives the module — no flush, no append-only audit rows left
    behind. After-commit work of the seed (feed positions) runs as the seed finishes.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with TestCase.captureOnCommitCallbacks(execute=True):
                seeded = seed_demo()
            yield seeded
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(demo_seeded, db):
    return demo_seeded


@pytest.fixture
def login(client, demo):
    from ggzy.parties.models import User

    def _login(username):
        client.force_login(User.objects.get(username=username))
        return client

    return _login
