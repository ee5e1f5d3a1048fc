"""Expert draw from a pool of 100,000 with avoidance against 50 bidders.

Measures ``draw_execute`` (beacon lookup, avoidance queries, exclusion rows, the eligible list sorted
and digested, 5 invitations with their outbox messages) against a plain random sample of the same
pool (load the same candidate rows, ``random.sample``) in the same run.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time

POOL = 100_000
BIDDERS = 50
EMPLOYERS = 5_000
RUNS = 15


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
                      status=Expert.Status.ACTIVE) for n, u in enumerate(users)]
    Expert.objects.bulk_create(experts, batch_size=5000)
    ids = list(Expert.objects.order_by("id").values_list("id", flat=True))
    ExpertSpecialty.objects.bulk_create([ExpertSpecialty(expert_id=i, specialty_id="A080101") for i in ids],
                                        batch_size=5000)
    Employment.objects.bulk_create([
        Employment(expert_id=i, employer_uscc=rng.choice(usccs), employer_name="单位", started_on=dt.date(2015, 1, 1))
        for i in ids], batch_size=5000)
    agency = Entity.objects.create(uscc=make_uscc("91310000999999999"), name="代理", status=Entity.Status.VERIFIED)
    user = User.objects.create(username="bench-agency", password="!", role=Role.AGENCY, entity=agency)
    return user, agency, usccs


def main() -> None:
    from bench._django import setup

    setup()
    from ggzy.core import clock
    from ggzy.core.audit_seal import seal_due
    from ggzy.hub.experts import services
    from ggzy.hub.experts.avoidance import line_pool
    from ggzy.hub.experts.models import DrawExclusion

    t = time.perf_counter()
    user, agency, usccs = _populate()
    print(f"pool of {POOL:,} experts ({EMPLOYERS:,} employers) populated in {time.perf_counter() - t:.1f}s")
    bidders = usccs[:BIDDERS]
    draw_times, plain_times = [], []
    for run in range(RUNS):
        draw = services.draw_request(
            actor=user, section_ref=f"BENCH-{run}", buyer_uscc=usccs[-1], agency_uscc=agency.uscc,
            bidder_usccs=bidders, regulator_usccs=[usccs[-2]], evaluation_at=clock.now() + dt.timedelta(hours=24),
            lines=[{"specialty": "A080101", "count": 5}])
        seal_due(force=True)  # the beacon: first seal after the commitment
        t = time.perf_counter()
        services.draw_execute(draw=draw)
        elapsed = time.perf_counter() - t
        if run == 0:
            print(f"first draw (builds the pool snapshot for this pool version): {elapsed * 1000:.1f} ms")
        else:
            draw_times.append(elapsed)
        t = time.perf_counter()
        pool = line_pool(specialty_code="A080101", regions=[])
        random.sample(list(pool.values()), 5)
        plain_times.append(time.perf_counter() - t)
        draw.refresh_from_db()
        draw.status = "cancelled"
        draw.save(update_fields=["status"])
    line = draw.lines.get()
    calib = []
    for _ in range(5):
        t = time.perf_counter()
        sorted(f"ZJ{n * 7919 % POOL:08d}" for n in range(POOL))
        calib.append(time.perf_counter() - t)
    excluded = DrawExclusion.objects.filter(draw=draw).count()
    d, p = statistics.median(draw_times) * 1000, statistics.median(plain_times) * 1000
    print(f"eligible after avoidance: {len(line.eligible):,} (excluded {excluded:,} for {BIDDERS} bidders, buyer, "
          f"agency, regulator)")
    print(f"draw_execute median {d:.1f} ms (min {min(draw_times) * 1000:.1f}, max {max(draw_times) * 1000:.1f}) "
          f"over {RUNS - 1} runs after the first")
    print(f"plain random sample of the same pool median {p:.1f} ms")
    print(f"ratio draw / plain sample: {d / p:.2f}×  (target: draw ≤ 50 ms median)")
    print(f"machine calibration: build+sort {POOL:,} code strings median {statistics.median(calib) * 1000:.1f} ms")
