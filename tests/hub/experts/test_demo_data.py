"""The demo seeder gives every demo expert account a vetted profile, once."""

from __future__ import annotations

import pytest

from ggzy.core.codes import is_valid_id_number, is_valid_uscc
from ggzy.hub.experts.demo_data import seed_demo
from ggzy.hub.experts.models import Expert
from ggzy.parties.roles import Role

pytestmark = pytest.mark.django_db


class Result:
    def __init__(self, users):
        self.users = users


def test_seed_demo_is_idempotent_and_valid(make_user):
    users = [make_user(Role.EXPERT) for _ in range(6)] + [make_user(Role.BIDDER)]
    assert seed_demo(Result(users)) == {"experts": 6}
    assert seed_demo(Result(users)) == {"experts": 0}
    experts = list(Expert.objects.all())
    assert all(e.status == "active" and is_valid_id_number(e.id_number) for e in experts)
    assert all(is_valid_uscc(e.employments.get().employer_uscc) for e in experts)
    assert all(e.specialty_links.exists() for e in experts)
