"""PostgreSQL: 200 uploads in the last seconds, none lost; two workers do each due transition once."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from ggzy.core.crypto.platform_keys import verify_platform_jws
from ggzy.core.exceptions import Conflict
from ggzy.core.models import AuditRecord
from ggzy.hub.publication.models import Notice
from ggzy.trading.tendering.models import Bid, Registration, Section
from ggzy.trading.tendering.services.bids import bid_submit
from ggzy.trading.tendering.services.tenders import SectionInput, tender_create, tender_publish
from ggzy.trading.tendering.tasks import due_sections

from .conftest import DEADLINE, START, bidder_entity, make_user, register_keys, seal_for, tender_input

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

SECTIONS, BIDDERS = 20, 10  # 200 uploads


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (concurrent transactions, row locks)")


def many_sections(parties, count):
    data = tender_input(parties["buyer"].entity.uscc)
    data.sections = [
        SectionInput(title=f"第{i}包", estimated_amount=Decimal("1000000")) for i in range(1, count + 1)
    ]
    return tender_publish(actor=parties["buyer"], tender=tender_create(actor=parties["buyer"], data=data))


def run_threads(target, items, workers=20):
    errors, results, lock = [], [], threading.Lock()
    chunks = [items[i::workers] for i in range(workers)]
    barrier = threading.Barrier(workers)

    def run(chunk):
        try:
            barrier.wait(30)
            for item in chunk:
                try:
                    out = target(item)
                    with lock:
                        results.append(out)
                except BaseException as exc:  # noqa: BLE001 — collected and asserted below
                    with lock:
                        errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(c,)) for c in chunks]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    return results, errors


def test_200_concurrent_uploads_in_the_last_seconds_are_all_stored(reseeded, parties, clock_at):
    clock_at(START)
    tender = many_sections(parties, SECTIONS)
    sections = list(tender.sections.order_by("number"))
    users = parties["bidders"] + [
        make_user(f"extra{i}", "bidder", bidder_entity(10 + i)) for i in range(BIDDERS - 5)
    ]
    jobs = []
    for user in users:
        register_keys(user)
        for section in sections:
            Registration.objects.create(section=section, entity=user.entity, user=user, created_at=START)
            jobs.append((user, section, seal_for(user, section, "900000.00")))
    clock_at(DEADLINE - dt.timedelta(seconds=2))

    def upload(job):
        user, section, sealed = job
        return bid_submit(
            actor=user, section=section, envelope=sealed["envelope"], manifest=sealed["manifest"]
        ).pk

    ids, errors = run_threads(upload, jobs)
    assert errors == [] and len(ids) == SECTIONS * BIDDERS
    stored = Bid.objects.filter(status="submitted")
    assert stored.count() == SECTIONS * BIDDERS
    for bid in stored:
        claims = verify_platform_jws(bid.receipt)
        assert claims["bidId"] == str(bid.pk) and claims["envelopeSha256"] == bid.envelope_sha256
    clock_at(DEADLINE)
    user, section, _ = jobs[0]
    with pytest.raises(Conflict) as err:
        upload((user, section, seal_for(user, section, "1.00")))
    assert err.value.code == "deadline_passed"
    assert Bid.objects.count() == SECTIONS * BIDDERS


def test_two_workers_perform_each_due_transition_exactly_once(reseeded, parties, clock_at):
    clock_at(START)
    tender = many_sections(parties, 30)  # no bids: every section fails (流标) at the deadline
    clock_at(DEADLINE + dt.timedelta(seconds=1))
    counts, errors = run_threads(lambda _: sum(due_sections() for _ in range(3)), [0, 1], workers=2)
    assert errors == []
    assert sum(counts) == 30
    assert set(Section.objects.filter(tender=tender).values_list("status", flat=True)) == {"failed"}
    assert Notice.objects.filter(kind="termination").count() == 30
    assert AuditRecord.objects.filter(action="section.failed").count() == 30
