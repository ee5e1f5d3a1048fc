"""Expert draw from a pool of 100,000 with avoidance against 50 bidders (docs/experts.md §7).

Measured: ``services.draw_execute`` — the platform's whole draw: row lock, beacon lookup, avoidance
queries, exclusion rows, the pool snapshot (built from the database on a new pool version, else read from
the process cache), the eligible list cut out of it and digested, the seed, 5 invitations with their
outbox messages and audit records.

Baseline, same run, same input: the spec's computation (/work/shared/specs/expert-draw.md) — seed =
HMAC-SHA256(secret, beacon), then the partial Fisher–Yates shuffle, one HMAC per invitation — written here
from the spec text, run on the *same in-memory eligible list the platform built for that draw* (taken from
the platform's snapshot outside the timer), with the same secret and beacon. Its order must equal the
platform's invitations (asserted). The ratio is therefore the platform's overhead (queries, exclusions,
writes) beyond the spec's computation. A second baseline adds the spec's ``poolDigest`` (SHA-256 of the
eligible list), which the platform also computes during the draw.

Cold: the first draw after the pool is loaded — no snapshot for this pool version, empty process cache.
"New process": the snapshot row exists but this process's cache is empty (a restarted worker).
Warm: median of the following draws (the baseline: per draw, the median of 21 calls, one lasting microseconds).

Sizes: GGZY_BENCH_DRAW_POOL (default 100,000 experts), GGZY_BENCH_DRAW_RUNS (default 15 draws).
Run: ``python -m bench expert_draw`` (SQLite temp file) or with DATABASE_URL=postgres://... .
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import random
import statistics
import time

from bench._report import load

POOL = int(os.environ.get("GGZY_BENCH_DRAW_POOL", "100000"))
RUNS = int(os.environ.get("GGZY_BENCH_DRAW_RUNS", "15"))
BIDDERS = 50
EMPLOYERS = max(POOL // 20, BIDDERS + 10)
SPECIALTY = "A080101"
COUNT = 5
REPEAT = 21


def _timed(fn, args) -> float:
    t = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t


def spec_order(eligible: list[str], secret_hex: str, beacon: str, label: str, count: int) -> list[str]:
    """The spec's seed and partial Fisher–Yates, as an outside verifier writes it (stdlib only).

    The swaps are kept in a dict rather than copying the list first: the same order, and the spec's
    stated cost of one HMAC per invitation whatever the pool size.
    """
    seed = hmac.new(bytes.fromhex(secret_hex), beacon.encode("ascii"), hashlib.sha256).digest()
    size = len(eligible)
    swapped: dict[int, str] = {}
    invited = []
    for i in range(min(count, size)):
        u = int.from_bytes(
            hmac.new(seed, (label + "\x00" + str(i)).encode("utf-8"), hashlib.sha256).digest(), "big"
        )
        j = i + u % (size - i)
        a_i, a_j = swapped.get(i, eligible[i]), swapped.get(j, eligible[j])
        swapped[i], swapped[j] = a_j, a_i
        invited.append(a_j)
    return invited


def spec_pool_digest(eligible: list[str]) -> str:
    return hashlib.sha256("\n".join(eligible).encode("utf-8")).hexdigest()


def _populate():
    from ggzy.core.codes import make_uscc
    from ggzy.hub.experts.models import Employment, Expert, ExpertSpecialty
    from ggzy.parties.models import Entity, User
    from ggzy.parties.roles import Role

    rng = random.Random(7)
    usccs = [make_uscc(f"91310000{n:09d}") for n in range(1, EMPLOYERS + 1)]
    users = [User(username=f"bench-expert-{n}", password="!", role=Role.EXPERT) for n in range(POOL)]
    User.objects.bulk_create(users, batch_size=5000)
    users = list(User.objects.filter(role=Role.EXPERT).order_by("id"))
    experts = [Expert(expert_code=f"ZJ{n:08d}", user=u, name=f"专家{n}", id_number=f"B{n:017d}", region="浦东新区",
                      status=Expert.Status.ACTIVE) for n, u in enumerate(users)]  # fmt: skip
    Expert.objects.bulk_create(experts, batch_size=5000)
    ids = list(Expert.objects.order_by("id").values_list("id", flat=True))
    ExpertSpecialty.objects.bulk_create([ExpertSpecialty(expert_id=i, specialty_id=SPECIALTY) for i in ids],
                                        batch_size=5000)  # fmt: skip
    Employment.objects.bulk_create([
        Employment(expert_id=i, employer_uscc=rng.choice(usccs), employer_name="单位", started_on=dt.date(2015, 1, 1))
        for i in ids], batch_size=5000)  # fmt: skip
    agency = Entity.objects.create(
        uscc=make_uscc("91310000999999999"), name="代理", status=Entity.Status.VERIFIED
    )
    user = User.objects.create(username="bench-agency", password="!", role=Role.AGENCY, entity=agency)
    return user, agency, usccs


def main() -> None:
    from bench._django import setup

    setup()
    from django.db import connection

    from ggzy.core import clock
    from ggzy.core.audit_seal import seal_due
    from ggzy.hub.experts import services, snapshots
    from ggzy.hub.experts.models import DrawExclusion

    print(f"database: {connection.vendor}; {load()}", flush=True)
    t = time.perf_counter()
    user, agency, usccs = _populate()
    print(f"pool of {POOL:,} experts ({EMPLOYERS:,} employers) populated in {time.perf_counter() - t:.1f}s",
          flush=True)  # fmt: skip
    bidders = usccs[:BIDDERS]
    platform, spec, spec_digest = [], [], []
    for run in range(RUNS):
        draw = services.draw_request(
            actor=user, section_ref=f"BENCH-{run}", buyer_uscc=usccs[-1], agency_uscc=agency.uscc,
            bidder_usccs=bidders, regulator_usccs=[usccs[-2]], evaluation_at=clock.now() + dt.timedelta(hours=24),
            lines=[{"specialty": SPECIALTY, "count": COUNT}])  # fmt: skip
        seal_due(force=True)  # the beacon: first seal after the commitment
        if run == 1:
            snapshots._CACHE.clear()  # a new worker process: snapshot row present, nothing cached
        t = time.perf_counter()
        services.draw_execute(draw=draw)
        platform.append(time.perf_counter() - t)
        # The baseline's input, outside its timer: the eligible list the platform built for this draw
        # (its snapshot minus the avoided experts, from the process cache), the same secret and beacon.
        draw.refresh_from_db()
        line = draw.lines.get()
        eligible = line.eligible
        assert len(eligible) == line.eligible_size
        invited = list(line.invitations.order_by("index").values_list("expert__expert_code", flat=True))
        args = (eligible, draw.secret_hex, draw.beacon, line.label, line.count)
        t = time.perf_counter()
        order = spec_order(*args)
        first = time.perf_counter() - t
        assert order == invited, (order, invited)
        t = time.perf_counter()
        digest = spec_pool_digest(eligible)
        first_digest = first + time.perf_counter() - t
        assert digest == line.pool_digest
        # Cold figures: the first call; warm: median of REPEAT calls (one call lasts microseconds).
        spec.append(first if run < 2 else statistics.median(_timed(spec_order, args) for _ in range(REPEAT)))
        spec_digest.append(
            first_digest
            if run < 2
            else statistics.median(
                _timed(spec_order, args) + _timed(spec_pool_digest, (eligible,)) for _ in range(REPEAT)
            )
        )
        draw.status = "cancelled"
        draw.save(update_fields=["status"])
    excluded = DrawExclusion.objects.filter(draw=draw).count()
    print(
        f"eligible after avoidance: {line.eligible_size:,} (excluded {excluded:,} for {BIDDERS} bidders, buyer, "
        f"agency, regulator); {COUNT} invitations per draw; the spec's order matched the platform's in every run"
    )
    warm_p, warm_s, warm_d = (statistics.median(x[2:]) for x in (platform, spec, spec_digest))
    rows = [
        ("cold (new pool version: snapshot built, cache empty)", platform[0], spec[0], spec_digest[0]),
        ("new process (snapshot row read, cache empty)", platform[1], spec[1], spec_digest[1]),
        (f"warm (median of {RUNS - 2} draws)", warm_p, warm_s, warm_d),
    ]
    for name, p, s, d in rows:
        print(
            f"{name:<54} platform draw_execute {p * 1000:8.1f} ms | baseline spec seed + partial Fisher–Yates "
            f"{s * 1000:6.3f} ms → {p / s:,.0f}× | with poolDigest {d * 1000:6.2f} ms → {p / d:,.0f}×"
        )
    print(
        f"warm platform min {min(platform[2:]) * 1000:.1f} ms, max {max(platform[2:]) * 1000:.1f} ms "
        f"(aim: draw ≤ 50 ms median)"
    )
    print(f"after: {load()}")
