"""PostgreSQL: concurrent writers never wait on the sealer, and two sealers never seal the same records."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction

from ggzy.core import audit
from ggzy.core.audit_seal import seal_pending
from ggzy.core.audit_verify import verify
from ggzy.core.models import AuditRecord, AuditSeal

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (concurrent transactions, row locks)")


def _in_thread(target, *args):
    errors: list[BaseException] = []

    def run():
        try:
            target(*args)
        except BaseException as exc:  # reported to the test thread
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors


def test_lower_id_committing_after_a_higher_id_was_sealed_is_carried_late_not_lost():
    holding, release = threading.Event(), threading.Event()

    def slow_transaction():
        with transaction.atomic():
            audit.record(actor=None, action="test.slow")  # takes the lower id ...
            holding.set()
            assert release.wait(30)
        # ... and commits only after the higher id was sealed

    thread, errors = _in_thread(slow_transaction)
    assert holding.wait(30)
    fast = audit.record(actor=None, action="test.fast")
    first = seal_pending()
    assert first.record_count == 1 and first.to_id == fast.pk and first.missing
    release.set()
    thread.join(30)
    assert not errors
    slow = AuditRecord.objects.get(action="test.slow")
    assert slow.pk < fast.pk
    report = verify()
    assert report.ok and report.late_pending == 1  # not reported as inserted
    second = seal_pending()
    assert second.late_ids == [slow.pk]
    report = verify()
    assert report.ok and (report.sealed, report.unsealed) == (2, 0)


def test_two_sealers_at_once_produce_one_seal_per_record():
    for i in range(200):
        audit.record(actor=None, action="test.bulk", payload={"i": i})
    barrier = threading.Barrier(4)
    results: list = []

    def sealer():
        barrier.wait(30)
        results.append(seal_pending())

    started = [_in_thread(sealer) for _ in range(4)]
    for thread, errors in started:
        thread.join(60)
        assert not errors
    made = [seal for seal in results if seal is not None]
    assert sum(seal.record_count for seal in made) == 200
    assert AuditSeal.objects.count() == len(made)
    assert list(AuditSeal.objects.values_list("seq", flat=True)) == list(range(1, len(made) + 1))
    assert verify().ok


def test_writers_and_sealers_running_together_leave_a_complete_verified_chain():
    stop = threading.Event()

    def writer(n):
        for i in range(60):
            with transaction.atomic():
                audit.record(actor=None, action="test.write", payload={"w": n, "i": i})

    def sealer():
        while not stop.is_set():
            seal_pending()

    writers = [_in_thread(writer, n) for n in range(4)]
    sealers = [_in_thread(sealer) for _ in range(2)]
    for thread, errors in writers:
        thread.join(120)
        assert not errors
    stop.set()
    for thread, errors in sealers:
        thread.join(60)
        assert not errors
    while seal_pending() is not None:
        pass
    report = verify()
    assert report.ok
    assert (report.records, report.sealed, report.unsealed) == (240, 240, 0)


def test_parallel_verify_checks_every_record_in_worker_processes():
    from .audit_helpers import raw_sql, triggers_dropped

    rows = [audit.record(actor=None, action="test.parallel", payload={"i": i}) for i in range(50)]
    seal_pending()
    report = verify(jobs=3, chunk=10)
    assert report.ok and report.records == 50
    with triggers_dropped():
        raw_sql("UPDATE core_auditrecord SET action = 'test.forged' WHERE id = %s", [rows[37].pk])
        raw_sql("UPDATE core_auditrecord SET payload = '{\"i\": 0}'::jsonb WHERE id = %s", [rows[41].pk])
    report = verify(jobs=3, chunk=10)
    assert {(p.kind, p.record_id) for p in report.problems} == {
        ("changed", rows[37].pk),
        ("changed", rows[41].pk),
    }
    assert report.first_problem.record_id == rows[37].pk
