"""The regulator handles an alert: 待核查 → 核查中 → 属实/不属实/移交, notes, attachments; all audited."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ggzy.core.exceptions import Conflict, InvalidInput, NotFound
from ggzy.core.models import AuditRecord
from ggzy.supervision.redflags import attachments
from ggzy.supervision.redflags.models import Alert, AlertAttachment, AlertEvent
from ggzy.supervision.redflags.services import alert_note_add, alert_transition

PDF = b"%PDF-1.7\n% test\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdf(name="核查报告.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.mark.parametrize("final", ["confirmed", "dismissed", "referred"])
def test_full_handling_path(alert, world, final):
    reg = world.works_regulator
    alert_transition(actor=reg, alert_id=alert.pk, to_status="investigating", note="调取投标文件")
    alert_transition(actor=reg, alert_id=alert.pk, to_status=final, note="结论", files=[pdf()])
    alert.refresh_from_db()
    assert alert.status == final and alert.closed_at is not None and alert.first_action_at is not None
    assert AuditRecord.objects.filter(action="alert.transition", target_id=str(alert.pk)).count() == 2
    assert AlertAttachment.objects.get(alert=alert).sha256


def test_closing_needs_a_note(alert, world):
    alert_transition(actor=world.works_regulator, alert_id=alert.pk, to_status="investigating")
    with pytest.raises(InvalidInput) as err:
        alert_transition(actor=world.works_regulator, alert_id=alert.pk, to_status="confirmed", note="  ")
    assert err.value.code == "note_required"
    alert.refresh_from_db()
    assert alert.status == "investigating"


@pytest.mark.parametrize("to", ["confirmed", "pending", "bogus"])
def test_illegal_transitions_are_refused(alert, world, to):
    with pytest.raises(Conflict):
        alert_transition(actor=world.works_regulator, alert_id=alert.pk, to_status=to, note="x")
    alert.refresh_from_db()
    assert alert.status == Alert.Status.PENDING


@pytest.mark.parametrize("who", ["goods_regulator", "admin", "operator", "bidder"])
def test_nobody_else_can_handle(alert, world, who):
    before = AuditRecord.objects.count()
    with pytest.raises(NotFound):
        alert_transition(actor=getattr(world, who), alert_id=alert.pk, to_status="investigating")
    with pytest.raises(NotFound):
        alert_note_add(actor=getattr(world, who), alert_id=alert.pk, note="看看")
    alert.refresh_from_db()
    assert alert.status == Alert.Status.PENDING
    assert alert.events.count() == 1 and AuditRecord.objects.count() == before


def test_note_with_attachment(alert, world):
    event = alert_note_add(actor=world.works_regulator, alert_id=alert.pk, note="约谈投标人", files=[pdf()])
    assert event.kind == AlertEvent.Kind.NOTE and event.attachments.count() == 1
    alert.refresh_from_db()
    assert alert.first_action_at is not None and alert.status == "pending"
    assert AuditRecord.objects.filter(action="alert.note").count() == 1


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (pdf("病毒.exe", b"MZ\x90\x00"), "attachment_type"),
        (pdf("伪装.pdf", b"MZ\x90\x00"), "attachment_type"),
        (pdf("空.pdf", b""), "attachment_empty"),
    ],
)
def test_bad_attachments_are_refused_and_nothing_is_written(alert, world, upload, code):
    with pytest.raises(InvalidInput) as err:
        alert_note_add(actor=world.works_regulator, alert_id=alert.pk, note="x", files=[upload])
    assert err.value.code == code
    assert AlertEvent.objects.filter(alert=alert).count() == 1 and AlertAttachment.objects.count() == 0


def test_attachment_size_limit(alert, world):
    big = PDF + b"0" * attachments.MAX_ATTACHMENT_BYTES
    with pytest.raises(InvalidInput) as err:
        alert_note_add(actor=world.works_regulator, alert_id=alert.pk, note="x", files=[pdf(data=big)])
    assert err.value.code == "attachment_too_large"
    assert AlertAttachment.objects.count() == 0


def test_closed_alert_takes_no_more_notes(alert, world):
    alert_transition(actor=world.works_regulator, alert_id=alert.pk, to_status="investigating")
    alert_transition(
        actor=world.works_regulator, alert_id=alert.pk, to_status="referred", note="移交公安机关"
    )
    with pytest.raises(Conflict):
        alert_note_add(actor=world.works_regulator, alert_id=alert.pk, note="补充")


def test_admin_handles_alerts_routed_to_it(world):
    from ggzy.supervision.redflags.services import ProcessInfo, alerts_from_scan

    from .conftest import OCID, scan_result

    (alert,) = alerts_from_scan(result=scan_result(), processes={OCID: ProcessInfo(ocid=OCID)})
    alert_transition(actor=world.admin, alert_id=alert.pk, to_status="investigating")
    with pytest.raises(NotFound):
        alert_transition(actor=world.works_regulator, alert_id=alert.pk, to_status="confirmed", note="x")
    assert json.dumps(alert.flags)
