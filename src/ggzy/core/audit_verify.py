"""``ggzy audit verify``: recompute every record hash, payload digest, Merkle root and the seal chain.

Streams records in id order with raw SQL (no model instances), one seal range at a time, so a
million records take seconds. Detects, and names the first bad record of:

* changed content (record hash or payload digest no longer matches),
* changed content with a recomputed record hash (its seal's Merkle root no longer matches;
  the seal's fingerprints then name the record), reordered records (a sealed record's content now
  sits under another id), deleted records (an id of a sealed range that the seal did not list as
  missing is absent), inserted records (a row in a sealed range that its seal did not contain and
  that no later seal may still carry as late),
* a broken seal chain (changed, deleted, inserted or reordered seals).

Unsealed records (the tail, and late commits still awaiting the next seal) are checked for their own
hash and reported as "not yet sealed".
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from django.db import connection, connections
from django.db.models import Max

from .audit_hashing import (
    SEAL_HASHED_FIELDS,
    merkle_root,
    seal_hash,
    split_fingerprints,
)
from .audit_rows import Problem, chunks, content_problems, select_sql
from .audit_seal import GENESIS_HASH, late_window
from .models import AuditRecord, AuditSeal

CHUNK = 20_000
_MAX_KEPT_PROBLEMS = 1000


@dataclass
class VerifyReport:
    records: int = 0
    sealed: int = 0
    unsealed: int = 0
    late_pending: int = 0
    seals: int = 0
    latest_seq: int | None = None
    latest_root: str | None = None
    latest_sealed_at: dt.datetime | None = None
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    @property
    def first_problem(self) -> Problem | None:
        if not self.problems:
            return None
        return min(self.problems, key=lambda p: (p.record_id is None, p.record_id or 0, p.seal_seq or 0))

    def add(self, problem: Problem) -> None:
        self.problem_count += 1
        if len(self.problems) < _MAX_KEPT_PROBLEMS:
            self.problems.append(problem)


@dataclass
class _Seal:
    seq: int
    sealed_at: dt.datetime
    from_id: int
    to_id: int
    missing: list[list[int]]
    late_ids: list[int]
    record_count: int
    merkle_root: str
    missing_starts: list[int] = field(default_factory=list)

    def is_missing(self, record_id: int) -> bool:
        pos = bisect.bisect_right(self.missing_starts, record_id) - 1
        return pos >= 0 and self.missing[pos][0] <= record_id <= self.missing[pos][1]


def verify(*, expect_root: str | None = None, chunk: int = CHUNK, jobs: int | None = None) -> VerifyReport:
    """Check everything committed when the call starts. ``jobs`` > 1 (default: CPUs, at most 4) moves
    the per-record hashing to forked processes with their own connections while this process
    checks membership and Merkle roots; not possible inside a transaction (tests), then sequential."""
    report = VerifyReport()
    seals = _check_seal_chain(report, expect_root)
    last_id = AuditRecord.objects.aggregate(last=Max("id"))["last"] or 0
    jobs = min(os.cpu_count() or 1, 4) if jobs is None else jobs
    if (
        jobs < 2
        or connection.in_atomic_block
        or connection.vendor not in ("sqlite", "postgresql")
        or last_id < chunk
    ):
        _Stream(report, seals, chunk, last_id).run()
        return report
    workers = jobs - 1
    bounds = [last_id * i // workers for i in range(workers + 1)]
    connections.close_all()  # children must open their own connections
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        stripes = [pool.submit(_content_stripe, bounds[i], bounds[i + 1], chunk) for i in range(workers)]
        _Stream(report, seals, chunk, last_id, content=False).run()
        for stripe in stripes:
            for kind, message, record_id in stripe.result():
                report.add(Problem(kind, message, record_id))
    return report


def _content_stripe(after: int, last: int, chunk: int) -> list[tuple[str, str, int | None]]:
    """Forked worker: payload digests and record hashes of ids in (after, last]."""
    problems: list[tuple[str, str, int | None]] = []
    try:
        sql = select_sql(connection.vendor)
        with connection.cursor() as cursor:
            for rows in chunks(cursor, sql, after, last, chunk):
                problems.extend((p.kind, p.message, p.record_id) for p in content_problems(rows, cursor))
    finally:
        connection.close()
    return problems


def _check_seal_chain(report: VerifyReport, expect_root: str | None) -> list[_Seal]:
    names = (*SEAL_HASHED_FIELDS, "seal_hash")
    seals: list[_Seal] = []
    prev_hash, prev_to, expected_seq = GENESIS_HASH, 0, 1
    open_gaps: list[_Seal] = []
    carried: set[int] = set()
    for row in AuditSeal.objects.order_by("seq").values_list(*names).iterator(chunk_size=5000):
        values = dict(zip(names, row, strict=True))
        seq = values["seq"]
        if seq != expected_seq:
            report.add(
                Problem("seal", f"封存序号不连续（应为 #{expected_seq}）：封存被删除或插入", seal_seq=seq)
            )
        if values["prev_hash"] != prev_hash:
            report.add(
                Problem("seal", "上一封存哈希不符：封存链断裂（封存被删除、插入或重排）", seal_seq=seq)
            )
        if values["from_id"] != prev_to:
            report.add(Problem("seal", f"记录区间起点应为 {prev_to}，实为 {values['from_id']}", seal_seq=seq))
        if seal_hash(values) != values["seal_hash"]:
            report.add(Problem("seal", "封存内容与封存哈希不符：封存被篡改", seal_seq=seq))
        seal = _Seal(
            seq,
            values["sealed_at"],
            values["from_id"],
            values["to_id"],
            values["missing"],
            values["late_ids"],
            values["record_count"],
            values["merkle_root"],
        )
        seal.missing_starts = [run[0] for run in seal.missing]
        for late_id in seal.late_ids:
            if late_id in carried or not _in_recent_gap(
                late_id, open_gaps, seals[-1].sealed_at if seals else None
            ):
                report.add(Problem("seal", f"补封记录 #{late_id} 不属于此前任何封存的缺号", seal_seq=seq))
            carried.add(late_id)
        if seal.missing:
            open_gaps.append(seal)
        seals.append(seal)
        prev_hash, prev_to, expected_seq = values["seal_hash"], values["to_id"], seq + 1
        report.latest_seq, report.latest_root = seq, values["merkle_root"]
        report.latest_sealed_at = values["sealed_at"]
    report.seals = len(seals)
    if expect_root and not AuditSeal.objects.filter(merkle_root=expect_root.lower()).exists():
        report.add(Problem("seal", f"已公布的根 {expect_root} 不在封存链中：封存链被改写"))
    return seals


def _in_recent_gap(record_id: int, gap_seals: list[_Seal], prev_sealed_at: dt.datetime | None) -> bool:
    """Was ``record_id`` missing from a seal the sealer could still carry it from (its late window)?"""
    if prev_sealed_at is None:
        return False
    cutoff = prev_sealed_at - late_window()
    for seal in reversed(gap_seals):
        if seal.sealed_at < cutoff:
            return False
        if seal.is_missing(record_id):
            return True
    return False


class _Stream:
    """One pass over the records in id order, closing each seal's Merkle tree as its range ends."""

    def __init__(
        self, report: VerifyReport, seals: list[_Seal], chunk: int, last_id: int, *, content: bool = True
    ):
        self.report, self.seals, self.chunk, self.last_id, self.content = (
            report,
            seals,
            chunk,
            last_id,
            content,
        )
        self.by_seq = {s.seq: s for s in seals}
        self.late_of = {late_id: s.seq for s in seals for late_id in s.late_ids}
        self.late_members: dict[int, list[tuple[int, str]]] = {}
        self.range_seals = [s for s in seals if s.to_id > s.from_id]
        self.range_ends = [s.to_id for s in self.range_seals]
        self.last_to = seals[-1].to_id if seals else 0
        cutoff = seals[-1].sealed_at - late_window() if seals else None
        self.cutoff = cutoff
        self.pos = 0  # index into range_seals of the current range
        self.members: list[tuple[int, str]] = []
        self.seen_late: set[int] = set()

    def run(self) -> None:
        report = self.report
        sql = select_sql(connection.vendor, content=self.content)
        after = 0
        with connection.cursor() as cursor:
            for rows in chunks(cursor, sql, 0, self.last_id, self.chunk):
                if self.content:
                    for problem in content_problems(rows, cursor):
                        report.add(problem)
                self._place(rows, after)
                after = rows[-1][0]
                report.records += len(rows)
        self._deleted_between(after + 1, self.last_to)
        while self.pos < len(self.range_seals):
            self._close(self.range_seals[self.pos])
            self.pos += 1
        for seal in self.seals:  # seals that only carried late records
            if seal.to_id == seal.from_id:
                self._close(seal)
        for late_id, seq in self.late_of.items():
            if late_id not in self.seen_late:
                self.report.add(
                    Problem("deleted", f"已由封存 #{seq} 补封的记录缺失：记录被删除", late_id, seq)
                )

    def _place(self, rows, previous_id: int) -> None:
        """Assign each record to its seal (range member, late member, gap, or unsealed tail)."""
        report, late_of, last_to = self.report, self.late_of, self.last_to
        members = self.members
        seal = self.range_seals[self.pos] if self.pos < len(self.range_seals) else None
        for row in rows:
            rid, stored_hash = row[0], row[-1]
            if rid != previous_id + 1:
                self._deleted_between(previous_id + 1, rid - 1)
            previous_id = rid
            if late_of and rid in late_of:
                seq = late_of[rid]
                self.seen_late.add(rid)
                self.late_members.setdefault(seq, []).append((rid, stored_hash))
                report.sealed += 1
                continue
            if rid > last_to:
                report.unsealed += 1
                continue
            if rid > seal.to_id:
                while self.range_ends[self.pos] < rid:
                    self._close(self.range_seals[self.pos])
                    self.pos += 1
                seal = self.range_seals[self.pos]
                members = self.members
            if seal.missing and seal.is_missing(rid):
                self._gap_record(seal, rid)
            else:
                members.append((rid, stored_hash))
                report.sealed += 1

    def _gap_record(self, seal: _Seal, rid: int) -> None:
        if seal.sealed_at >= self.cutoff:
            self.report.late_pending += 1
            self.report.unsealed += 1
        else:
            self.report.add(
                Problem(
                    "inserted",
                    f"封存 #{seal.seq} 时此编号不存在，且已超过补封期限：记录被插入",
                    rid,
                    seal.seq,
                )
            )

    def _deleted_between(self, first: int, last: int) -> None:
        """Report the first id in [first, last] that a seal contained (not listed as missing)."""
        if first > last:
            return
        i = bisect.bisect_left(self.range_ends, first)
        while i < len(self.range_seals) and self.range_seals[i].from_id < last:
            seal = self.range_seals[i]
            candidate = max(first, seal.from_id + 1)
            end = min(last, seal.to_id)
            while candidate <= end:
                pos = bisect.bisect_right(seal.missing_starts, candidate) - 1
                if pos >= 0 and seal.missing[pos][1] >= candidate:
                    candidate = seal.missing[pos][1] + 1
                    continue
                self.report.add(
                    Problem("deleted", f"封存 #{seal.seq} 包含的记录缺失：记录被删除", candidate, seal.seq)
                )
                return
            i += 1

    def _close(self, seal: _Seal) -> None:
        members = self.late_members.pop(seal.seq, [])
        if seal.to_id > seal.from_id:
            members += self.members
            self.members = []
        sha = hashlib.sha256
        root = merkle_root(
            [sha(b"\x00" + rid.to_bytes(8, "big") + bytes.fromhex(h)).digest() for rid, h in members]
        )
        if root == seal.merkle_root and len(members) == seal.record_count:
            return
        self._localise(seal, members)

    def _localise(self, seal: _Seal, members: list[tuple[int, str]]) -> None:
        stored = split_fingerprints(
            AuditSeal.objects.filter(seq=seal.seq).values_list("fingerprints", flat=True).first() or b""
        )
        where = {fp: i for i, fp in enumerate(stored)}
        for i, (rid, h) in enumerate(members):
            fp = h[:16]
            if i < len(stored) and stored[i] == fp:
                continue
            j = where.get(fp)
            if j is not None and j != i:
                self.report.add(
                    Problem(
                        "reordered",
                        f"此编号下的内容在封存 #{seal.seq} 时属于该批第 {j + 1} 条记录：记录被重排",
                        rid,
                        seal.seq,
                    )
                )
            else:
                self.report.add(
                    Problem(
                        "changed",
                        f"与封存 #{seal.seq} 时的记录不同（记录哈希被重算）：记录被篡改或插入",
                        rid,
                        seal.seq,
                    )
                )
            return
        self.report.add(Problem("seal", "默克尔根不符：封存或其记录被篡改", seal_seq=seal.seq))
