"""Append-only: the database itself rejects UPDATE and DELETE of audit records and seals."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, transaction

from ggzy.core.audit_seal import seal_pending
from ggzy.core.models import AuditRecord, AuditSeal

from .audit_helpers import audit_records  # noqa: F401 — fixture


@pytest.mark.django_db
def test_orm_update_of_audit_record_is_rejected_and_changes_nothing(audit_records):  # noqa: F811
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditRecord.objects.filter(pk=audit_records[0].pk).update(action="forged")
    assert AuditRecord.objects.get(pk=audit_records[0].pk).action == "test.step0"


@pytest.mark.django_db
def test_model_save_of_existing_audit_record_is_rejected(audit_records):  # noqa: F811
    row = AuditRecord.objects.get(pk=audit_records[1].pk)
    row.ip = "6.6.6.6"
    with pytest.raises(DatabaseError), transaction.atomic():
        row.save(update_fields=["ip"])
    assert AuditRecord.objects.get(pk=row.pk).ip == ""


@pytest.mark.django_db
def test_orm_delete_of_audit_records_is_rejected_and_deletes_nothing(audit_records):  # noqa: F811
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditRecord.objects.filter(pk__in=[r.pk for r in audit_records[:3]]).delete()
    assert AuditRecord.objects.count() == len(audit_records)


@pytest.mark.django_db
def test_seals_are_append_only_too(audit_records):  # noqa: F811
    seal = seal_pending()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditSeal.objects.filter(pk=seal.pk).update(merkle_root="0" * 64)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditSeal.objects.filter(pk=seal.pk).delete()
    assert AuditSeal.objects.get(pk=seal.pk).merkle_root == seal.merkle_root
