"""Sealing: Merkle batches chained by hash; late commits carried by a later seal, never lost."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from ggzy.core.audit_hashing import EMPTY_ROOT, leaf, merkle_root, seal_hash
from ggzy.core.audit_seal import GENESIS_HASH, first_seal_after, latest_seal, seal_due, seal_pending
from ggzy.core.audit_verify import verify
from ggzy.core.models import AuditSeal
from ggzy.core.tasks import PERIODIC_TASKS, seal_audit_records

from .audit_helpers import audit_records, make_record  # noqa: F401 — fixture


@pytest.mark.django_db
def test_seal_covers_committed_records_with_merkle_root_and_chain(audit_records):  # noqa: F811
    first = seal_pending()
    assert (first.seq, first.prev_hash, first.record_count) == (1, GENESIS_HASH, 8)
    assert (first.from_id, first.to_id, first.late_ids) == (0, audit_records[-1].pk, [])
    lowest = audit_records[0].pk  # on PostgreSQL earlier (rolled back) tests used the lower ids
    assert first.missing == ([[1, lowest - 1]] if lowest > 1 else [])
    assert first.merkle_root == merkle_root([leaf(r.pk, r.record_hash) for r in audit_records])
    assert first.seal_hash == seal_hash(first.hashed_fields())
    assert seal_pending() is None  # nothing new: no empty seals
    more = [make_record(action="test.more") for _ in range(3)]
    second = seal_pending()
    assert (second.seq, second.prev_hash, second.from_id, second.to_id) == (
        2,
        first.seal_hash,
        first.to_id,
        more[-1].pk,
    )
    assert latest_seal().pk == second.pk


def test_merkle_tree_shape_carries_the_odd_node_up():
    import hashlib

    a, b, c = (hashlib.sha256(x).digest() for x in (b"a", b"b", b"c"))
    ab = hashlib.sha256(b"\x01" + a + b).digest()
    assert merkle_root([a, b, c]) == hashlib.sha256(b"\x01" + ab + c).hexdigest()
    assert merkle_root([a]) == a.hex()
    assert merkle_root([]) == EMPTY_ROOT


@pytest.mark.django_db
def test_batches_are_limited_and_sealing_resumes_where_it_stopped(audit_records):  # noqa: F811
    seals = [seal_pending(max_records=3) for _ in range(3)]
    assert [s.record_count for s in seals] == [3, 3, 2]
    assert seals[2].to_id == audit_records[-1].pk
    assert verify().ok


@pytest.mark.django_db
def test_late_commit_is_listed_as_missing_then_carried_by_the_next_seal():
    # A transaction holding id 2 commits after ids 1 and 3 were sealed (PostgreSQL sequences).
    make_record(1)
    make_record(3)
    first = seal_pending()
    assert (first.to_id, first.missing, first.record_count) == (3, [[2, 2]], 2)
    make_record(2)
    report = verify()
    assert report.ok and report.late_pending == 1 and report.unsealed == 1
    second = seal_pending()
    assert (second.from_id, second.to_id, second.late_ids, second.record_count) == (3, 3, [2], 1)
    report = verify()
    assert report.ok and report.sealed == 3 and report.unsealed == 0
    assert seal_pending() is None  # carried once only


@pytest.mark.django_db
def test_rolled_back_gap_stays_missing_and_is_harmless():
    make_record(1)
    make_record(5)
    seal_pending()
    make_record(6)
    seal = seal_pending()
    assert seal.late_ids == [] and seal.record_count == 1
    assert verify().ok


@pytest.mark.django_db
def test_first_seal_after_a_moment_is_the_beacon():
    with time_machine.travel(dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.UTC), tick=False):
        make_record()
        early = seal_pending()
    with time_machine.travel(dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC), tick=False):
        make_record()
        late = seal_pending()
    assert first_seal_after(dt.datetime(2026, 12, 1, 0, 59, tzinfo=dt.UTC)).pk == early.pk
    assert first_seal_after(dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.UTC)).pk == late.pk
    assert first_seal_after(dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC)) is None


@pytest.mark.django_db
def test_worker_task_seals_only_when_the_interval_has_passed(settings):
    settings.GGZY_AUDIT_SEAL_INTERVAL_SECONDS = 10
    assert seal_audit_records in PERIODIC_TASKS
    with time_machine.travel(dt.datetime(2026, 12, 1, 1, 0, 0, tzinfo=dt.UTC), tick=False) as clock:
        make_record()
        assert seal_audit_records() == 1
        make_record()
        clock.shift(5)
        assert seal_audit_records() == 0
        assert AuditSeal.objects.count() == 1
        clock.shift(6)
        assert seal_audit_records() == 1
    assert seal_due(force=True) == 0
