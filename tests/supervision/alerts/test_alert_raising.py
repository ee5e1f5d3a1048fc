"""Scores above the threshold become alerts routed to the regulators of the catalogue category."""

from __future__ import annotations

from ggzy.core.models import AuditRecord
from ggzy.supervision.redflags.models import Alert, AlertEvent
from ggzy.supervision.redflags.services import ProcessInfo, alert_transition, alerts_from_scan

from .conftest import OCID, scan_result


def test_alert_is_routed_to_the_category_regulator(alert, world):
    assert alert.subject_type == Alert.Subject.TENDER and alert.subject_key == OCID
    assert alert.status == Alert.Status.PENDING
    assert list(alert.regulators.all()) == [world.works]
    assert not alert.routed_to_admin
    assert alert.flags[0]["code"] == "GGZY-SAME-DEVICE"  # high severity first
    assert AuditRecord.objects.filter(action="alert.raised", target_id=str(alert.pk)).count() == 1
    assert alert.events.get().kind == AlertEvent.Kind.RAISED


def test_below_threshold_raises_nothing(world):
    assert alerts_from_scan(result=scan_result(score=0.2), processes={}, threshold=0.6) == []
    assert Alert.objects.count() == 0


def test_threshold_comes_from_settings(world, settings):
    settings.GGZY_ALERT_THRESHOLD = 0.95
    assert alerts_from_scan(result=scan_result(score=0.91), processes={}) == []
    settings.GGZY_ALERT_THRESHOLD = 0.5
    assert len(alerts_from_scan(result=scan_result(score=0.91), processes={})) == 1


def test_unknown_category_goes_to_the_admin(world):
    (alert,) = alerts_from_scan(
        result=scan_result(), processes={OCID: ProcessInfo(ocid=OCID, catalogue_code="")}
    )
    assert alert.routed_to_admin and alert.regulators.count() == 0


def test_rescan_rescores_an_open_alert_once(alert):
    (again,) = alerts_from_scan(result=scan_result(score=0.97), processes={})
    assert again.pk == alert.pk and again.score == 0.97
    alerts_from_scan(result=scan_result(score=0.97), processes={})
    assert alert.events.filter(kind=AlertEvent.Kind.RESCORED).count() == 1
    assert Alert.objects.count() == 1


def test_rescan_does_not_reopen_a_closed_alert(alert, world):
    alert_transition(actor=world.works_regulator, alert_id=alert.pk, to_status="investigating")
    alert_transition(
        actor=world.works_regulator, alert_id=alert.pk, to_status="dismissed", note="经核查系同一园区网络"
    )
    alerts_from_scan(result=scan_result(score=0.99), processes={})
    alert.refresh_from_db()
    assert alert.status == Alert.Status.DISMISSED and alert.score == 0.91


def test_only_queued_processes_are_alerted(world):
    result = scan_result()
    assert alerts_from_scan(result=result, processes={}, only_ocids={"other"}) == []


def test_group_alert_goes_to_regulators_of_all_its_processes(world):
    groups = [
        {
            "members": ["B", "A"],
            "score": 0.88,
            "ocids": [OCID, "ocds-test01-000002"],
            "flags": [{"code": "R057", "severity": "high", "message": "轮流中标", "evidence": {}}],
        }
    ]
    processes = {
        OCID: ProcessInfo(ocid=OCID, catalogue_code="A01"),
        "ocds-test01-000002": ProcessInfo(ocid="ocds-test01-000002", catalogue_code="B01"),
    }
    alerts = alerts_from_scan(result=scan_result(score=0.1, groups=groups), processes=processes)
    (group,) = alerts
    assert group.subject_type == Alert.Subject.GROUP and group.subject_key == "A|B"
    assert set(group.regulators.all()) == {world.works, world.goods}
