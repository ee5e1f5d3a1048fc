"""The entity changes state only through its table (ggzy.parties.states.ENTITY), one edge per event."""

import pytest

from ggzy.core.exceptions import Conflict
from ggzy.core.models import AuditRecord
from ggzy.parties import services
from ggzy.parties.models import Entity
from ggzy.parties.states import ENTITY

from .conftest import PASSWORD, USCC_A, USCC_B

pytestmark = pytest.mark.django_db


def test_approval_is_one_audited_move(operator):
    """Approving a pending entity moves it pending → verified; the audit record names both states."""
    services.entity_register(uscc=USCC_B, name="乙", username="yi", password=PASSWORD)
    services.entity_review(actor=operator, uscc=USCC_B, approve=True)
    record = AuditRecord.objects.get(action="entity.approve")
    assert (record.payload["from"], record.payload["to"]) == ("pending", "verified")
    assert Entity.objects.get(uscc=USCC_B).status == "verified"


def test_an_event_is_refused_outside_its_own_edge(operator):
    """Pending → verified is in the table, yet 恢复 (reinstate) is only for a suspended entity."""
    services.entity_register(uscc=USCC_B, name="乙", username="yi", password=PASSWORD)
    with pytest.raises(Conflict) as exc:
        services.entity_reinstate(actor=operator, uscc=USCC_B)
    assert exc.value.code == "entity_not_suspended"
    assert Entity.objects.get(uscc=USCC_B).status == "pending"
    assert not AuditRecord.objects.filter(action="entity.reinstate").exists()


def test_the_table_refuses_a_move_it_does_not_list(operator, entity_a):
    """A verified entity cannot be rejected (only suspended): refused with both states named, nothing written."""
    audited = AuditRecord.objects.count()
    with pytest.raises(Conflict) as exc:
        ENTITY.move(entity_a, Entity.Status.REJECTED, actor=operator)
    assert exc.value.code == "invalid_transition"
    assert "“已审核”" in exc.value.message and "“已驳回”" in exc.value.message
    assert Entity.objects.get(uscc=USCC_A).status == "verified"
    assert AuditRecord.objects.count() == audited
