"""Audit trail cost and verification speed (docs/adr/0001-audit-chain.md).

1. 10,000 state changes (rename a parties.Entity, one transaction each) with and without an audit
   record in the same transaction; rounds alternate so both see the same machine state. Aim ≤ 1.3×.
2. ``ggzy audit verify`` over 1,000,000 sealed records. Aim ≤ 20 s (default jobs: one process per CPU).
   Baseline, "same work minus bookkeeping", same run: one process reads the same rows with the verifier's own
   query (the database assembles each record's canonical text), checks every payload digest and record hash
   the same way, recomputes every seal's Merkle root over its records, and checks the seal chain — without
   the verifier's bookkeeping (record placement, gap/late/deleted tracking, problem reports). It is compared
   with ``verify(jobs=1)``, the same work in one process; the default (parallel) run is reported beside it.

Run: ``python -m bench audit`` (SQLite temp file) or with DATABASE_URL=postgres://... for PostgreSQL.
Set GGZY_BENCH_AUDIT_RECORDS to change the verify size, GGZY_BENCH_AUDIT_SKIP_WRITE=1 to skip part 1.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import time

from bench._django import setup
from bench._report import load

CHANGES = 10_000
ROUNDS = 5  # each round: CHANGES / ROUNDS plain changes, then as many audited ones


def _changes(entity, user, n: int, *, audited: bool, start: int) -> float:
    from django.db import transaction

    from ggzy.core import audit

    began = time.perf_counter()
    for i in range(start, start + n):
        with transaction.atomic():
            entity.name = f"基准测试公司{i}"
            entity.save(update_fields=["name"])
            if audited:
                audit.record(actor=user, action="entity.rename", target=entity, payload={"name": entity.name})
    return time.perf_counter() - began


def bench_write_overhead() -> None:
    from ggzy.parties.models import Entity, User

    entity = Entity.objects.create(uscc="91310000BENCH0001X", name="基准测试公司")
    user = User.objects.create(username="bench-agent", role="agency", entity=entity)
    _changes(entity, user, 200, audited=True, start=0)  # warm-up
    per_round = CHANGES // ROUNDS
    plain, audited = [], []
    for r in range(ROUNDS):
        plain.append(_changes(entity, user, per_round, audited=False, start=r * per_round))
        audited.append(_changes(entity, user, per_round, audited=True, start=r * per_round))
    plain_total, audited_total = sum(plain), sum(audited)
    ratio_median = statistics.median(a / p for a, p in zip(audited, plain, strict=True))
    print(
        f"{CHANGES:,} state changes without audit: {plain_total:.2f} s ({CHANGES / plain_total:,.0f}/s)",
        flush=True,
    )
    print(
        f"{CHANGES:,} state changes with audit:    {audited_total:.2f} s ({CHANGES / audited_total:,.0f}/s)",
        flush=True,
    )
    print(
        f"audit overhead ratio: {audited_total / plain_total:.2f}x total, {ratio_median:.2f}x median round "
        f"(aim <= 1.3x)",
        flush=True,
    )


def _bulk_insert(total: int) -> None:
    from django.db import connection, transaction

    from ggzy.core.audit_hashing import at_text, canonical_json, digest, record_hash
    from ggzy.core.audit_rows import RECORD_COLUMNS

    base = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    columns = RECORD_COLUMNS[1:]  # every column but the id the database assigns
    sql = (
        f"INSERT INTO core_auditrecord ({', '.join(columns)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    batch = 20_000
    for start in range(0, total, batch):
        rows = []
        for i in range(start, min(total, start + batch)):
            at = base + dt.timedelta(milliseconds=i)
            payload = {"name": f"基准测试公司{i}", "status": "verified"}
            pd = digest(payload)
            values = (
                "entity.review",
                1000 + i % 50,
                f"agent{i % 50}",
                "agency",
                "91310000BENCH0001X",
                "10.0.0.1",
                "web",
                "parties.entity",
                str(i % 997),
            )
            h = record_hash(
                values[0],
                values[1],
                values[2],
                at_text(at),
                values[6],
                values[4],
                values[5],
                pd,
                values[3],
                values[8],
                values[7],
            )
            rows.append(
                (
                    connection.ops.adapt_datetimefield_value(at),
                    values[1],
                    values[2],
                    values[3],
                    values[4],
                    values[5],
                    values[6],
                    values[0],
                    values[7],
                    values[8],
                    canonical_json(payload).decode(),
                    pd,
                    h,
                )
            )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, rows)


def verify_same_work() -> int:
    """The verification's hashing work without its bookkeeping (see the module docstring). Returns records."""
    import hashlib

    from django.db import connection
    from django.db.models import Max

    from ggzy.core.audit_hashing import merkle_root, payload_digest_of_stored
    from ggzy.core.audit_rows import chunks as _chunks
    from ggzy.core.audit_rows import select_sql as _select_sql
    from ggzy.core.audit_verify import CHUNK, VerifyReport, _check_seal_chain
    from ggzy.core.models import AuditRecord

    sha = hashlib.sha256
    report = VerifyReport()
    seals = [seal for seal in _check_seal_chain(report, None) if seal.to_id > seal.from_id]
    assert report.ok and all(not seal.missing and not seal.late_ids for seal in seals)
    last_id = AuditRecord.objects.aggregate(last=Max("id"))["last"] or 0

    def close(members: list[tuple[int, str]], seal) -> None:
        leaves = [sha(b"\x00" + i.to_bytes(8, "big") + bytes.fromhex(h)).digest() for i, h in members]
        assert merkle_root(leaves) == seal.merkle_root and len(members) == seal.record_count

    pos, members, count = 0, [], 0
    end = seals[0].to_id if seals else last_id  # records after the last seal: hashed, in no tree
    with connection.cursor() as cursor:
        for rows in _chunks(cursor, _select_sql(connection.vendor), 0, last_id, CHUNK):
            for rid, text, payload, payload_digest, stored_hash in rows:
                if not (isinstance(payload, str) and sha(payload.encode()).hexdigest() == payload_digest):
                    assert payload_digest_of_stored(payload) == payload_digest
                if text is None or sha(text.encode()).hexdigest() != stored_hash:
                    raise AssertionError(f"record {rid}")
                while rid > end and pos < len(seals):
                    close(members, seals[pos])
                    pos, members = pos + 1, []
                    end = seals[pos].to_id if pos < len(seals) else last_id
                members.append((rid, stored_hash))
            count += len(rows)
    if pos < len(seals):
        close(members, seals[pos])
    return count


def bench_verify() -> None:
    from ggzy.core.audit_seal import seal_pending
    from ggzy.core.audit_verify import verify
    from ggzy.core.models import AuditRecord

    total = int(os.environ.get("GGZY_BENCH_AUDIT_RECORDS", "1000000"))
    began = time.perf_counter()
    _bulk_insert(total - AuditRecord.objects.count())
    inserted = time.perf_counter()
    seals = 0
    while seal_pending() is not None:
        seals += 1
    sealed = time.perf_counter()
    print(
        f"inserted {total:,} records in {inserted - began:.1f} s; sealed into {seals} seals in "
        f"{sealed - inserted:.1f} s ({total / (sealed - inserted):,.0f} records/s); {load()}",
        flush=True,
    )
    # Alternating, so both sides see the same machine state; the database's cache is warm for all.
    figures: dict[str, list[float]] = {"verify (default jobs)": [], "verify(jobs=1)": [], "same work": []}
    for _ in range(2):
        for name, run in (("verify (default jobs)", verify), ("verify(jobs=1)", lambda: verify(jobs=1)),
                          ("same work", verify_same_work)):  # fmt: skip
            began = time.perf_counter()
            result = run()
            figures[name].append(time.perf_counter() - began)
            if name == "same work":
                assert result == total
            else:
                assert result.ok and result.records == total, result.first_problem()
    best = {name: min(times) for name, times in figures.items()}
    print(
        f"audit verify over {total:,} records, {seals} seals (best of 2 runs each, alternating):", flush=True
    )
    print(
        f"  ggzy audit verify, default jobs ({min(os.cpu_count() or 1, 4)} processes): "
        f"{best['verify (default jobs)']:.1f} s ({total / best['verify (default jobs)']:,.0f} records/s) (aim <= 20 s)"
    )
    print(f"  ggzy audit verify --jobs 1: {best['verify(jobs=1)']:.1f} s")
    print(f"  baseline, same work minus bookkeeping (one process): {best['same work']:.1f} s")
    print(
        f"  ratio verify --jobs 1 / same work minus bookkeeping: {best['verify(jobs=1)'] / best['same work']:.2f}x",
        flush=True,
    )
    print(f"after: {load()}", flush=True)


def main() -> None:
    setup()
    from django.db import connection

    print(f"database: {connection.vendor}; {load()}", flush=True)
    if os.environ.get("GGZY_BENCH_AUDIT_SKIP_WRITE") != "1":
        bench_write_overhead()
    bench_verify()
