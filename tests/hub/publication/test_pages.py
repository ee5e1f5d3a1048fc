"""/notices/ (filters, search) and /notices/<id>/."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine

from ggzy.hub.publication.selectors import NoticeFilter, notice_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def notices(publish):
    made = {}
    with time_machine.travel(dt.datetime(2026, 11, 2, 2, 0, tzinfo=dt.UTC), tick=False):
        made["school"] = publish(
            "黄浦区某小学改扩建工程施工招标公告",
            code="GC01",
            district="黄浦区",
            body="建设地点：黄浦区。投标人须具备建筑工程施工总承包资质。",
        )
    with time_machine.travel(dt.datetime(2026, 11, 10, 2, 0, tzinfo=dt.UTC), tick=False):
        made["road"] = publish(
            "浦东新区道路大修工程中标结果公告",
            kind="award",
            code="GC02",
            district="浦东新区",
            body="中标人：上海某市政工程有限公司。",
        )
    with time_machine.travel(dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC), tick=False):
        made["computers"] = publish(
            "2026年度办公设备采购项目",
            code="ZC01",
            district="市级",
            body="采购内容：台式计算机300台、打印机50台。",
        )
    return made


def _titles(f: NoticeFilter):
    return [n.title for n in notice_list(f)]


def test_list_is_newest_first(notices):
    assert _titles(NoticeFilter())[0] == "2026年度办公设备采购项目"


def test_filter_by_catalogue_code_and_by_group(notices):
    assert _titles(NoticeFilter(category="gc02")) == ["浦东新区道路大修工程中标结果公告"]
    assert set(_titles(NoticeFilter(category="works"))) == {
        "黄浦区某小学改扩建工程施工招标公告",
        "浦东新区道路大修工程中标结果公告",
    }


def test_filter_by_district_kind_and_dates(notices):
    assert _titles(NoticeFilter(district="310101")) == ["黄浦区某小学改扩建工程施工招标公告"]
    assert _titles(NoticeFilter(district="浦东新区")) == ["浦东新区道路大修工程中标结果公告"]
    assert _titles(NoticeFilter(kind="award")) == ["浦东新区道路大修工程中标结果公告"]
    assert _titles(NoticeFilter(date_from=dt.date(2026, 11, 10), date_to=dt.date(2026, 11, 10))) == [
        "浦东新区道路大修工程中标结果公告"
    ]
    assert len(_titles(NoticeFilter(date_from=dt.date(2026, 11, 3)))) == 2


def test_search_matches_chinese_in_title_or_body(notices):
    assert _titles(NoticeFilter(q="道路大修")) == ["浦东新区道路大修工程中标结果公告"]
    assert _titles(NoticeFilter(q="打印机")) == ["2026年度办公设备采购项目"]  # body only
    assert _titles(NoticeFilter(q="施工总承包资质")) == ["黄浦区某小学改扩建工程施工招标公告"]
    assert _titles(NoticeFilter(q="不存在的词")) == []
    assert _titles(NoticeFilter(q="100%")) == []  # LIKE wildcards are escaped


def test_notice_page_applies_filters_from_the_query_string(client, notices):
    html = client.get("/notices/", {"q": "改扩建", "district": "310101", "kind": "tender"}).content.decode()
    html = re.sub(r"</?mark>", "", html)  # the searched words are highlighted
    assert "黄浦区某小学改扩建工程施工招标公告" in html
    assert "浦东新区道路大修工程中标结果公告" not in html
    empty = client.get("/notices/", {"q": "没有这个"}).content.decode()
    assert "没有符合条件的公告" in empty


def test_notice_page_with_invalid_filter_values_still_renders(client, notices):
    response = client.get("/notices/", {"date_from": "not-a-date", "kind": "bogus"})
    assert response.status_code == 200


def test_empty_notice_page(client, catalogue):
    assert "暂无公告" in client.get("/notices/").content.decode()


def test_notice_detail_page_escapes_the_body(client, publish):
    notice = publish(body="第一行<script>alert(1)</script>\n第二行")
    html = client.get(f"/notices/{notice.pk}/").content.decode()
    assert "&lt;script&gt;" in html and "<script>alert" not in html
    assert notice.body_digest in html
    assert client.get("/notices/999999/").status_code == 404


def test_notice_list_paginates(client, publish):
    for i in range(25):
        publish(f"分页公告{i:02d}")
    first = client.get("/notices/").content.decode()
    assert "分页公告24" in first and "分页公告04" not in first
    next_link = re.search(r'href="\?(after=[^"]+)" rel="next"', first).group(1)
    second = client.get("/notices/?" + next_link).content.decode()
    assert "分页公告04" in second and "分页公告05" not in second and 'rel="next"' not in second
    prev_link = re.search(r'href="\?(before=[^"]+)" rel="prev"', second).group(1)
    back = client.get("/notices/?" + prev_link).content.decode()
    assert "分页公告24" in back and "分页公告05" in back and "分页公告04" not in back


def test_notice_detail_links_the_source_and_its_other_notices(client, publish, catalogue):
    first = publish("某项目招标公告", source=("catalog.catalogueversion", catalogue.pk))
    second = publish("某项目中标结果公告", kind="award", source=("catalog.catalogueversion", catalogue.pk))
    publish("无关公告")
    html = client.get(f"/notices/{second.pk}/").content.decode()
    assert f'href="/notices/{first.pk}/"' in html and "同一项目的其他公告" in html
    assert "无关公告" not in html


def test_source_url_uses_the_models_own_page(publish):
    from ggzy.hub.publication.selectors import source_url

    assert source_url(publish(source=("nosuch.model", 1))) == ""
    assert source_url(publish()) == ""
    original = publish("原公告")
    amendment = publish("变更公告", kind="amendment", source=original)  # any model with get_absolute_url
    assert source_url(amendment) == f"/notices/{original.pk}/"
