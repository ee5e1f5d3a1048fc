"""The alert changes state only through its table (ggzy.supervision.redflags.states.ALERT)."""

from __future__ import annotations

import pytest

from ggzy.core.exceptions import Conflict
from ggzy.core.models import AuditRecord
from ggzy.supervision.redflags.models import Alert, AlertEvent
from ggzy.supervision.redflags.services import alert_transition
from ggzy.supervision.redflags.states import ALERT


def test_taking_up_an_alert_is_one_audited_move(alert, world):
    """待核查 → 核查中: the audit record names both states."""
    alert_transition(actor=world.works_regulator, alert_id=alert.pk, to_status="investigating")
    record = AuditRecord.objects.get(action="alert.transition", target_id=str(alert.pk))
    assert (record.payload["from"], record.payload["to"]) == ("pending", "investigating")


def test_a_pending_alert_cannot_be_closed_directly(alert, world):
    """待核查 → 属实 skips the investigation: refused with both states named, nothing written."""
    with pytest.raises(Conflict) as exc:
        alert_transition(actor=world.works_regulator, alert_id=alert.pk, to_status="confirmed", note="属实")
    assert exc.value.code == "alert_state"
    assert "“待核查”" in exc.value.message and "“属实”" in exc.value.message
    assert Alert.objects.get(pk=alert.pk).status == "pending"
    assert not AlertEvent.objects.filter(alert=alert, kind=AlertEvent.Kind.TRANSITION).exists()
    assert not AuditRecord.objects.filter(action="alert.transition").exists()
    with pytest.raises(Conflict):
        ALERT.move(alert, Alert.Status.REFERRED, actor=world.works_regulator)
