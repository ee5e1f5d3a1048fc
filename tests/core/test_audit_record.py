"""The write path: one audit record per state change, in the same transaction, hashed on its own."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db import transaction

from ggzy.core import audit
from ggzy.core.audit_hashing import canonical_json, payload_digest_of_stored
from ggzy.core.context import RequestContext, reset_context, set_context
from ggzy.core.models import AuditRecord
from ggzy.parties.models import Entity, User


@pytest.mark.django_db
def test_record_stores_who_what_where_and_digest():
    entity = Entity.objects.create(uscc="91310000MA1FL0000X", name="上海测试建设有限公司")
    user = User.objects.create(username="agent1", role="agency", entity=entity)
    token = set_context(RequestContext(ip="10.1.2.3", channel="web"))
    try:
        row = audit.record(actor=user, action="entity.review", target=entity, payload={"status": "verified"})
    finally:
        reset_context(token)
    row = AuditRecord.objects.get(pk=row.pk)
    assert (row.actor_id, row.actor_username, row.role, row.entity_uscc) == (
        user.pk,
        "agent1",
        "agency",
        entity.uscc,
    )
    assert (row.ip, row.channel, row.action) == ("10.1.2.3", "web", "entity.review")
    assert (row.target_type, row.target_id) == ("parties.entity", str(entity.pk))
    assert row.payload_digest == audit.digest({"status": "verified"})
    assert row.record_hash == row.compute_hash()


@pytest.mark.django_db
def test_rolled_back_change_leaves_no_audit_record():
    with pytest.raises(RuntimeError), transaction.atomic():
        Entity.objects.create(uscc="91310000MA1FL0001X", name="回滚公司")
        audit.record(actor=None, action="entity.create", payload={"uscc": "91310000MA1FL0001X"})
        raise RuntimeError("service failed after auditing")
    assert not AuditRecord.objects.exists()
    assert not Entity.objects.exists()


@pytest.mark.django_db
def test_payload_with_dates_and_decimals_is_stored_as_digested():
    from decimal import Decimal

    row = audit.record(
        actor=None, action="x", payload={"when": dt.date(2026, 12, 1), "amount": Decimal("12.50")}
    )
    stored = AuditRecord.objects.values_list("payload", flat=True).get(pk=row.pk)
    assert stored == {"when": "2026-12-01", "amount": "12.50"}
    assert payload_digest_of_stored(stored) == row.payload_digest


def test_fast_record_hash_equals_canonical_json_of_the_fields():
    rng = random.Random(7)
    alphabet = 'abcXYZ019 "\\/\n\t中文€\u2028\x01'
    for _ in range(200):

        def text(n=12):
            return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, n)))

        row = AuditRecord(
            at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=rng.randint(0, 10**12)),
            actor_id=rng.choice([None, rng.randint(1, 10**12)]),
            actor_username=text(),
            role=text(),
            entity_uscc=text(),
            ip=text(),
            channel=text(),
            action=text(),
            target_type=text(),
            target_id=text(),
            payload_digest=text(64),
        )
        values = {name: getattr(row, name) for name in AuditRecord.HASHED_FIELDS}
        values["at"] = row.at.isoformat(timespec="microseconds")
        import hashlib

        assert row.compute_hash() == hashlib.sha256(canonical_json(values)).hexdigest()


def test_record_time_is_hashed_in_utc_whatever_the_zone():
    from zoneinfo import ZoneInfo

    from ggzy.core.audit_hashing import at_text

    moment = dt.datetime(2026, 11, 28, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert at_text(moment) == "2026-11-28T00:00:00.000000+00:00"
    assert at_text("2026-11-28 00:00:00") == "2026-11-28T00:00:00.000000+00:00"
    assert at_text("2026-11-28 00:00:00.5") == "2026-11-28T00:00:00.500000+00:00"
