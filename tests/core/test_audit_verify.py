"""`ggzy audit verify`: every kind of tampering done in raw SQL is detected and the first bad record named."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection

from ggzy.core.audit_seal import seal_pending
from ggzy.core.audit_verify import verify
from ggzy.core.models import AuditRecord

from .audit_helpers import audit_records, make_record, raw_sql, triggers_dropped  # noqa: F401 — fixture

T = "core_auditrecord"


def _sealed(records):
    seal_pending()
    assert verify().ok
    return [r.pk for r in records]


def _first(report):
    assert not report.ok
    return report.first_problem


@pytest.mark.django_db
def test_untouched_chain_verifies_with_summary(audit_records):  # noqa: F811
    seal_pending()
    make_record(action="test.tail")
    report = verify()
    assert report.ok
    assert (report.records, report.sealed, report.unsealed, report.seals) == (9, 8, 1, 1)


@pytest.mark.django_db
def test_changed_field_is_named(audit_records):  # noqa: F811
    ids = _sealed(audit_records)
    with triggers_dropped():
        raw_sql(f"UPDATE {T} SET action = 'test.forged' WHERE id = %s", [ids[3]])  # noqa: S608
    problem = _first(verify())
    assert (problem.kind, problem.record_id) == ("changed", ids[3])


@pytest.mark.django_db
def test_changed_payload_is_named(audit_records):  # noqa: F811
    ids = _sealed(audit_records)
    literal = "'{\"i\": 99}'" + ("::jsonb" if connection.vendor == "postgresql" else "")
    with triggers_dropped():
        raw_sql(f"UPDATE {T} SET payload = {literal} WHERE id = %s", [ids[2]])  # noqa: S608
    problem = _first(verify())
    assert (problem.kind, problem.record_id) == ("changed", ids[2])
    assert "payload" in problem.message


@pytest.mark.django_db
def test_changed_record_with_recomputed_hash_breaks_the_merkle_root_and_is_named(audit_records):  # noqa: F811
    ids = _sealed(audit_records)
    forged = AuditRecord.objects.get(pk=ids[5])
    forged.actor_username = "someone-else"
    with triggers_dropped():
        raw_sql(
            f"UPDATE {T} SET actor_username = %s, record_hash = %s WHERE id = %s",  # noqa: S608
            ["someone-else", forged.compute_hash(), ids[5]],
        )
    problem = _first(verify())
    assert (problem.kind, problem.record_id) == ("changed", ids[5])
    assert "封存 #1" in problem.message


@pytest.mark.django_db
def test_deleted_record_is_named(audit_records):  # noqa: F811
    ids = _sealed(audit_records)
    with triggers_dropped():
        raw_sql(f"DELETE FROM {T} WHERE id = %s", [ids[4]])  # noqa: S608
    problem = _first(verify())
    assert (problem.kind, problem.record_id) == ("deleted", ids[4])


@pytest.mark.django_db
def test_deleted_last_sealed_record_is_named(audit_records):  # noqa: F811
    ids = _sealed(audit_records)
    with triggers_dropped():
        raw_sql(f"DELETE FROM {T} WHERE id = %s", [ids[-1]])  # noqa: S608
    problem = _first(verify())
    assert (problem.kind, problem.record_id) == ("deleted", ids[-1])


@pytest.mark.django_db
def test_reordered_records_are_named(audit_records):  # noqa: F811
    ids = _sealed(audit_records)
    with triggers_dropped():  # swap the rows of ids[1] and ids[6], each keeping its own (valid) hash
        raw_sql(f"UPDATE {T} SET id = -1 WHERE id = %s", [ids[1]])  # noqa: S608
        raw_sql(f"UPDATE {T} SET id = %s WHERE id = %s", [ids[1], ids[6]])  # noqa: S608
        raw_sql(f"UPDATE {T} SET id = %s WHERE id = -1", [ids[6]])  # noqa: S608
    report = verify()
    problem = _first(report)
    assert (problem.kind, problem.record_id) == ("reordered", ids[1])


@pytest.mark.django_db
def test_record_inserted_into_an_old_gap_is_named():
    start = dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        make_record(1)
        make_record(3)
        seal_pending()  # id 2 missing (rolled back)
        clock.shift(dt.timedelta(days=2))
        make_record(4)
        seal_pending()  # late window (1 day) of seal #1 is over: nothing may join its gap any more
        make_record(2, action="test.backdated")  # plain INSERT: the triggers allow it
        make_record(5)
        seal_pending()
    problem = _first(verify())
    assert (problem.kind, problem.record_id) == ("inserted", 2)


@pytest.mark.django_db
def test_tampered_seal_breaks_the_chain(audit_records):  # noqa: F811
    seal_pending()
    make_record()
    seal_pending()
    with triggers_dropped():
        raw_sql("UPDATE core_auditseal SET merkle_root = %s WHERE seq = 1", ["ab" * 32])
    report = verify()
    assert not report.ok
    assert any(p.kind == "seal" and p.seal_seq == 1 for p in report.problems)


@pytest.mark.django_db
def test_deleted_seal_breaks_the_chain(audit_records):  # noqa: F811
    for _ in range(3):
        make_record()
        seal_pending()
    with triggers_dropped():
        raw_sql("DELETE FROM core_auditseal WHERE seq = 2")
    report = verify()
    assert any(p.kind == "seal" and p.seal_seq == 3 for p in report.problems)


@pytest.mark.django_db
def test_published_root_must_be_in_the_chain(audit_records):  # noqa: F811
    seal = seal_pending()
    assert verify(expect_root=seal.merkle_root).ok
    assert not verify(expect_root="cd" * 32).ok


@pytest.mark.django_db
def test_command_exits_non_zero_naming_the_record(audit_records):  # noqa: F811
    ids = _sealed(audit_records)
    with triggers_dropped():
        raw_sql(f"UPDATE {T} SET ip = '6.6.6.6' WHERE id = %s", [ids[0]])  # noqa: S608
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("audit", "verify", stdout=out, stderr=err)
    assert exited.value.code == 1
    assert f"记录 #{ids[0]}" in err.getvalue()


@pytest.mark.django_db
def test_command_exits_zero_with_summary(audit_records):  # noqa: F811
    out = io.StringIO()
    call_command("audit", "seal", stdout=out)
    assert "本次封存记录 8 条" in out.getvalue()
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert "校验通过" in out.getvalue() and "已校验记录 8 条" in out.getvalue()


@pytest.mark.django_db
def test_seal_carrying_a_record_that_was_never_in_a_gap_is_rejected():
    from ggzy.core.audit_hashing import leaf, merkle_root, seal_hash
    from ggzy.core.models import AuditSeal

    make_record(1)
    make_record(2)
    first = seal_pending()
    forged = AuditSeal(
        seq=2,
        prev_hash=first.seal_hash,
        sealed_at=first.sealed_at,
        from_id=2,
        to_id=2,
        missing=[],
        late_ids=[1],
        record_count=1,
        merkle_root=merkle_root([leaf(1, AuditRecord.objects.get(pk=1).record_hash)]),
    )
    forged.seal_hash = seal_hash(forged.hashed_fields())
    forged.save(force_insert=True)
    report = verify()
    assert any(p.kind == "seal" and p.seal_seq == 2 and "#1" in p.message for p in report.problems)


@pytest.mark.django_db
def test_database_assembled_record_text_matches_python_canonical_json():
    import hashlib

    from ggzy.core import audit
    from ggzy.core.audit_rows import select_sql as _select_sql

    row = audit.record(
        actor=None,
        action='测试\n\t\x01\u2028"\\/\x7f',
        target_type="a b",
        target_id="é",
        payload={"k": "v\u0000"[:1]},
    )
    with connection.cursor() as cursor:
        cursor.execute(_select_sql(connection.vendor), [row.pk - 1, row.pk])
        rid, text, *_ = cursor.fetchone()
    assert rid == row.pk
    assert hashlib.sha256(text.encode()).hexdigest() == row.record_hash
    assert verify().ok
