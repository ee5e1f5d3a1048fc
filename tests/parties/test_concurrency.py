"""PostgreSQL: simultaneous registrations and reviews leave exactly one outcome and no half-written rows."""

from __future__ import annotations

import pytest
from django.db import connection

from ggzy.core.models import AuditRecord
from ggzy.parties import services
from ggzy.parties.models import Entity, User
from tests.helpers import race

from .conftest import PASSWORD, USCC_A, USCC_B

if connection.vendor != "postgresql":  # decided before any database set-up, so SQLite runs flush nothing
    pytest.skip("needs PostgreSQL (concurrent transactions, row locks)", allow_module_level=True)

# serialized_rollback: the flush after a transactional test must not wipe migration-seeded rows.
pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_same_uscc_registered_twice_at_once():
    results = race(
        lambda: services.entity_register(uscc=USCC_A, name="甲一", username="u1", password=PASSWORD),
        lambda: services.entity_register(uscc=USCC_A, name="甲二", username="u2", password=PASSWORD),
    )
    assert sorted(type(r).__name__ for r in results) == ["Conflict", "tuple"]
    assert Entity.objects.count() == 1 and User.objects.count() == 1
    assert User.objects.get().entity == Entity.objects.get()
    assert AuditRecord.objects.filter(action="entity.register").count() == 1


def test_same_username_for_two_entities_at_once_leaves_no_orphan_entity():
    results = race(
        lambda: services.entity_register(uscc=USCC_A, name="甲", username="same", password=PASSWORD),
        lambda: services.entity_register(uscc=USCC_B, name="乙", username="same", password=PASSWORD),
    )
    assert sorted(type(r).__name__ for r in results) == ["Conflict", "tuple"]
    assert Entity.objects.count() == 1 and User.objects.count() == 1


def test_two_operators_review_at_once(make_entity, make_user, center):
    from ggzy.parties.roles import Role

    services.entity_register(uscc=USCC_A, name="甲", username="jia", password=PASSWORD)
    op1, op2 = make_user(Role.OPERATOR, center), make_user(Role.OPERATOR, center)
    results = race(
        lambda: services.entity_review(actor=op1, uscc=USCC_A, approve=True),
        lambda: services.entity_review(actor=op2, uscc=USCC_A, approve=False, note="材料不全"),
    )
    assert sorted(type(r).__name__ for r in results) == ["Conflict", "Entity"]
    winner = next(r for r in results if isinstance(r, Entity))
    assert Entity.objects.get(uscc=USCC_A).status == winner.status
    assert AuditRecord.objects.filter(action__in=["entity.approve", "entity.reject"]).count() == 1
