from __future__ import annotations

import pytest

from ggzy.portal.demo import seed_demo


@pytest.fixture
def demo(db):
    return seed_demo()


@pytest.fixture
def login(client, demo):
    from ggzy.parties.models import User

    def _login(username):
        client.force_login(User.objects.get(username=username))
        return client

    return _login
