"""Witness entries: recorded by the operator on duty, hashed into the audit chain, anomalies alert the
regulator of the category."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection

from ggzy.catalog.selectors import current_entries
from ggzy.core.audit_seal import seal_pending
from ggzy.core.audit_verify import verify
from ggzy.core.exceptions import Forbidden, InvalidInput
from ggzy.core.models import AuditRecord
from ggzy.hub.venues import services
from ggzy.hub.venues.models import WitnessEntry
from ggzy.hub.venues.references import ReferenceFacts, register_reference_provider
from ggzy.hub.venues.selectors import witness_records_for
from ggzy.parties.roles import Role
from ggzy.supervision.redflags.models import Alert
from ggzy.supervision.redflags.selectors import alerts_visible_to
from tests.core.audit_helpers import raw_sql, triggers_dropped
from tests.factories import EntityFactory, UserFactory

from .conftest import at

pytestmark = pytest.mark.django_db
VIDEO = "a" * 64


def _record(user, **kw):
    values = {
        "step": "opening",
        "reference": "EXT-0001",
        "observation": "开标过程正常，投标人代表在场。",
        "media": [{"name": "开标录像.mp4", "sha256": VIDEO}],
    }
    return services.witness_record(actor=user, **{**values, **kw})


def test_entry_is_hashed_into_the_audit_chain_and_verified(people):
    """Finding: a witness entry is sealed in the audit chain; `ggzy audit verify` passes; a later change to the
    entry no longer matches the hash its sealed audit record carries."""
    entry = _record(people["operator"])
    record = AuditRecord.objects.get(action="witness.recorded", target_id=str(entry.pk))
    assert record.payload["entryHash"] == entry.entry_hash and len(entry.entry_hash) == 64
    assert record.payload["media"] == [VIDEO]
    seal_pending()
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert verify().ok and verify().unsealed == 0
    assert witness_records_for("ext-0001")[0]["intact"] is True
    WitnessEntry.objects.filter(pk=entry.pk).update(observation="开标过程正常。")  # tampered afterwards
    assert witness_records_for("EXT-0001")[0]["intact"] is False
    assert verify().ok  # the chain itself is untouched: it is what exposes the change


def test_changing_the_sealed_audit_record_is_caught_by_audit_verify(people):
    entry = _record(people["operator"])
    seal_pending()
    forged = (
        '\'{"entryHash": "' + "0" * 64 + "\"}'" + ("::jsonb" if connection.vendor == "postgresql" else "")
    )
    with triggers_dropped():
        raw_sql(
            f"UPDATE core_auditrecord SET payload = {forged} WHERE action = 'witness.recorded' "  # noqa: S608
            "AND target_id = %s",
            [str(entry.pk)],
        )
    report = verify()
    assert not report.ok and "payload" in report.first_problem.message


def test_selector_returns_plain_dicts_for_the_archives(people):
    _record(people["operator"], step="opening")
    _record(people["operator"], step="evaluation_start", media=[])
    rows = witness_records_for("EXT-0001")
    assert [r["step"] for r in rows] == ["opening", "evaluation_start"]
    assert rows[0]["media"] == [{"name": "开标录像.mp4", "sha256": VIDEO}]
    assert set(rows[0]) >= {
        "id",
        "stepLabel",
        "reference",
        "operator",
        "observedAt",
        "observation",
        "anomalies",
        "entryHash",
        "intact",
    }
    assert witness_records_for("OTHER") == []


@pytest.mark.parametrize("digest", ["abc", "g" * 64, "a" * 63, ""])
def test_media_digest_must_be_sha256_hex(people, digest):
    with pytest.raises(InvalidInput) as refused:
        _record(people["operator"], media=[{"name": "录像.mp4", "sha256": digest}])
    assert refused.value.code == "media_sha256_invalid"
    assert not WitnessEntry.objects.exists()


@pytest.mark.parametrize("who", ["agency", "bidder", "expert"])
def test_only_operators_record_witness_entries(people, who):
    """Negative: nobody but the trading centre's operators records a witness entry; nothing is written."""
    with pytest.raises(Forbidden):
        _record(people[who])
    assert not WitnessEntry.objects.exists()
    assert not AuditRecord.objects.filter(action="witness.recorded").exists()


def test_for_a_booked_session_only_the_operator_on_duty_records(people):
    booking = services.booking_create(
        actor=people["agency"],
        room_code="SH-KB01",
        purpose="opening",
        reference="EXT-0001",
        starts_at=at(0, 10),
        ends_at=at(0, 11),
    )
    services.booking_confirm(actor=people["operator"], booking=booking)
    with pytest.raises(Forbidden) as refused:
        _record(people["operator2"], booking=booking)
    assert refused.value.code == "not_on_duty"
    entry = _record(people["operator"], booking=booking, reference="")
    assert (entry.reference, entry.booking) == ("EXT-0001", booking)


def test_future_observation_time_is_refused(people):
    with pytest.raises(InvalidInput) as refused:
        _record(people["operator"], observed_at=at(1, 9))
    assert refused.value.code == "witness_in_future"


@pytest.fixture
def categorised(people):
    """A reference the provider knows, in a category with a regulator (and another regulator elsewhere)."""
    from ggzy.portal.demo import install_demo_catalogue

    install_demo_catalogue()
    gov = EntityFactory(name="上海市住房和城乡建设管理委员会（测试）")
    current_entries().get(code="GC01").regulators.add(gov)
    facts = ReferenceFacts(
        reference="W-0001",
        title="某工程",
        agency_usccs=(people["agency"].entity.uscc,),
        catalogue_code="GC01",
        opening_at=None,
        published=True,
    )
    register_reference_provider("test-witness", lambda ref: facts if ref.upper() == "W-0001" else None)
    yield {
        "regulator": UserFactory(username="reg", role=Role.REGULATOR, entity=gov),
        "other_regulator": UserFactory(username="reg2", role=Role.REGULATOR, entity=EntityFactory()),
    }
    register_reference_provider("test-witness", lambda ref: None)


def test_an_anomaly_alerts_the_regulator_of_the_category(people, categorised):
    """Finding: an anomaly in a witness entry raises an alert to the category's regulator (only to it)."""
    entry = _record(
        people["operator"], reference="w-0001", anomalies="开标时一名投标人代表使用手机拍摄评审资料。"
    )
    assert entry.reference == "W-0001" and entry.catalogue_code == "GC01"
    alert = Alert.objects.get(subject_key=f"witness:{entry.pk}")
    assert "现场见证异常" in alert.title and alert.flags[0]["code"] == "witness_anomaly"
    assert list(alerts_visible_to(categorised["regulator"])) == [alert]
    assert not alerts_visible_to(categorised["other_regulator"]).exists()


def test_no_anomaly_no_alert(people, categorised):
    _record(people["operator"], reference="W-0001")
    assert not Alert.objects.exists()
