"""PostgreSQL: the feed race with real concurrent transactions (see docs/portal.md)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction

from ggzy.hub.publication.services import notice_publish
from ggzy.portal.demo import install_demo_catalogue

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (concurrent transactions)")


def _publish(title):
    return notice_publish(
        actor=None, kind="tender", title=title, body="正文", catalogue_code="GC01", district="310101"
    )


def test_a_poller_gets_the_notice_that_took_the_smaller_id_but_committed_later(client):
    install_demo_catalogue()
    holding, release, errors = threading.Event(), threading.Event(), []

    def slow():
        try:
            with transaction.atomic():
                _publish("A 先取号后提交")
                holding.set()
                assert release.wait(30)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=slow)
    thread.start()
    assert holding.wait(30)
    fast = _publish("B 后取号先提交")  # commits now; its on_commit assigns positions
    page = client.get("/api/v1/notices").json()
    assert [i["title"] for i in page["items"]] == ["B 后取号先提交"]
    release.set()
    thread.join(30)
    assert not errors
    later = client.get("/api/v1/notices", {"cursor": page["next"]}).json()
    assert [i["title"] for i in later["items"]] == ["A 先取号后提交"]
    assert later["items"][0]["id"] < fast.pk


def test_concurrent_sequencers_hand_out_each_position_once():
    from ggzy.hub.publication.feed import feed_assign_positions
    from ggzy.hub.publication.models import Notice

    install_demo_catalogue()
    entry = install_demo_catalogue().entries.get(code="GC01")
    from ggzy.core import clock

    Notice.objects.bulk_create(
        [
            Notice(
                kind="tender",
                title=f"公告{i}",
                body="正文",
                catalogue_entry=entry,
                catalogue_code="GC01",
                district="310101",
                published_at=clock.now(),
                body_digest="0" * 64,
            )
            for i in range(300)
        ]
    )
    barrier, counts, errors = threading.Barrier(3), [], []

    def run():
        try:
            barrier.wait(30)
            counts.append(feed_assign_positions())
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    assert sum(counts) == 300
    positions = sorted(Notice.objects.values_list("feed_position", flat=True))
    assert positions == list(range(1, 301))
