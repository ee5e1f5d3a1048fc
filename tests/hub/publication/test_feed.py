"""GET /api/v1/notices?cursor= — oldest first, and a poller never misses a notice, even one that
takes a smaller id or time but commits after a larger one was served."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from ggzy.hub.publication.feed import feed_assign_positions
from ggzy.hub.publication.models import Notice

pytestmark = pytest.mark.django_db


def _poll(client, cursor=None, limit=50):
    params = {"limit": limit}
    if cursor:
        params["cursor"] = cursor
    response = client.get("/api/v1/notices", params)
    assert response.status_code == 200
    return response.json()


def test_empty_feed(client, catalogue):
    assert _poll(client) == {"items": [], "next": None, "more": False}


def test_feed_is_oldest_first_and_pages_with_the_cursor(client, publish):
    titles = [f"公告{i}" for i in range(5)]
    for t in titles:
        publish(t)
    first = _poll(client, limit=2)
    assert [i["title"] for i in first["items"]] == titles[:2]
    assert first["more"] is True
    second = _poll(client, first["next"], limit=2)
    third = _poll(client, second["next"], limit=2)
    assert [i["title"] for i in second["items"] + third["items"]] == titles[2:]
    assert third["more"] is False
    # The last page still hands back a cursor: polling it later returns only what is new.
    assert _poll(client, third["next"])["items"] == []
    publish("公告5")
    assert [i["title"] for i in _poll(client, third["next"])["items"]] == ["公告5"]


def test_feed_item_shape(client, publish):
    publish(kind="award", code="ZC01", district="310000")
    item = _poll(client)["items"][0]
    assert item["kind"] == "award" and item["kindName"] == "中标结果公告"
    assert item["catalogueCode"] == "ZC01" and item["catalogueName"] == "政府采购"
    assert item["district"] == "310000" and item["districtName"] == "市级"
    assert item["position"] == 1
    assert item["url"] == f"/notices/{item['id']}/"


def test_a_notice_committed_late_with_an_earlier_time_and_smaller_id_is_not_skipped(
    client, publish, catalogue
):
    """Model of the race: notice A takes its id and time first but its transaction commits last.

    A row without a feed position is what an uncommitted notice looks like to the feed (positions are
    assigned only after commit). The poller has already been served B, which has the larger id and time.
    """
    with time_machine.travel(dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC), tick=False):
        late = Notice.objects.create(
            kind="tender",
            title="A 先取号后提交",
            body="正文",
            catalogue_entry=catalogue.entries.get(code="GC01"),
            catalogue_code="GC01",
            district="310101",
            published_at=dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC),
            body_digest="0" * 64,
        )
    with time_machine.travel(dt.datetime(2026, 11, 28, 9, 5, tzinfo=dt.UTC), tick=False):
        early = publish("B 后取号先提交")
    assert late.pk < early.pk and late.published_at < early.published_at
    # feed_assign_positions ran in B's on_commit and (here) also saw A: pretend A is still uncommitted by
    # clearing its position, as the sequencer would not have seen it.
    Notice.objects.filter(pk=late.pk).update(feed_position=None)
    Notice.objects.filter(pk=early.pk).update(feed_position=1)
    from ggzy.hub.publication.models import FeedCounter

    FeedCounter.objects.filter(singleton=1).update(last_position=1)
    page = _poll(client)
    assert [i["title"] for i in page["items"]] == ["B 后取号先提交"]
    # A commits now; the sequencer gives it the next position, after B.
    assert feed_assign_positions() == 1
    later = _poll(client, page["next"])
    assert [i["title"] for i in later["items"]] == ["A 先取号后提交"]
    assert later["items"][0]["position"] == 2


def test_assigning_positions_is_idempotent(publish):
    publish("一")
    publish("二")
    assert feed_assign_positions() == 0
    assert sorted(Notice.objects.values_list("feed_position", flat=True)) == [1, 2]


def test_the_worker_task_positions_notices_whose_hook_never_ran(client, catalogue):
    from ggzy.hub.publication.services import notice_publish
    from ggzy.hub.publication.tasks import PERIODIC_TASKS

    notice_publish(
        actor=None,
        kind="tender",
        title="进程在提交后退出",
        body="正文",
        catalogue_code="GC01",
        district="310101",
    )  # no on_commit here: the hook is lost
    assert _poll(client)["items"] == []
    assert sum(task() for task in PERIODIC_TASKS) == 1
    assert [i["title"] for i in _poll(client)["items"]] == ["进程在提交后退出"]


def test_an_invalid_cursor_is_a_400(client, catalogue):
    response = client.get("/api/v1/notices", {"cursor": "%%%not-base64"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_cursor"


def test_notice_detail_api(client, publish):
    notice = publish()
    assert client.get(f"/api/v1/notices/{notice.pk}").json()["title"] == notice.title
    missing = client.get("/api/v1/notices/999999")
    assert missing.status_code == 404 and missing.json()["code"] == "notice_not_found"


def test_feed_filters_keep_the_position_order(client, publish):
    publish("甲", code="GC01", district="黄浦区")
    publish("乙", code="ZC01", district="黄浦区", kind="award")
    publish("丙", code="GC01", district="浦东新区")
    publish("丁", code="GC01", district="黄浦区", kind="award")
    page = client.get("/api/v1/notices", {"catalogueCode": "gc01", "district": "黄浦区", "limit": 1}).json()
    assert [i["title"] for i in page["items"]] == ["甲"] and page["more"]
    rest = client.get(
        "/api/v1/notices", {"catalogueCode": "GC01", "district": "310101", "cursor": page["next"]}
    ).json()
    assert [i["title"] for i in rest["items"]] == ["丁"]
    assert [i["title"] for i in client.get("/api/v1/notices", {"kind": "award"}).json()["items"]] == [
        "乙",
        "丁",
    ]
    bad = client.get("/api/v1/notices", {"district": "苏州"})
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_district"
