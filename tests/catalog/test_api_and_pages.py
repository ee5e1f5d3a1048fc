"""GET /api/v1/catalogue (spec §5) and the public catalogue pages."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_catalogue_api_lists_the_current_entries_with_code_name_platform(client, catalogue):
    body = client.get("/api/v1/catalogue").json()
    assert body["version"]["label"] == "2020年版"
    items = {i["code"]: i for i in body["items"]}
    assert set(items["GC01"]) >= {"code", "name", "platform", "regulators", "tradingMethods"}
    assert items["GC01"]["platform"] == "construction"
    assert items["GC01"]["platformName"] == "上海市公共资源交易平台（建设工程交易分平台）"
    assert items["KY01"]["platform"] == "comprehensive"
    assert {m["code"] for m in items["ZC01"]["tradingMethods"]} >= {"open-tender", "competitive-consultation"}
    assert items["GC01"]["regulators"][0]["name"] == "上海市住房和城乡建设管理委员会"


def test_catalogue_api_before_any_version_was_in_force_is_empty(client, catalogue):
    body = client.get("/api/v1/catalogue?on=2019-01-01").json()
    assert body == {"version": None, "items": []}


def test_catalogue_api_without_a_catalogue_is_empty(client, db):
    assert client.get("/api/v1/catalogue").json() == {"version": None, "items": []}


def test_catalogue_entry_api_and_unknown_code(client, catalogue):
    assert client.get("/api/v1/catalogue/hj01").json()["name"] == "碳排放权交易"
    missing = client.get("/api/v1/catalogue/XX99")
    assert missing.status_code == 404
    assert missing.json()["code"] == "catalogue_entry_not_found"


def test_platforms_api_lists_unified_names_and_the_comprehensive_system(client, catalogue):
    body = client.get("/api/v1/catalogue/platforms").json()
    assert len(body["items"]) == 6
    assert body["comprehensive"]["code"] == "comprehensive"
    assert all(p["centerName"].startswith("上海市公共资源交易中心（") for p in body["items"])


def test_catalogue_page_shows_groups_platforms_and_the_rule(client, catalogue):
    html = client.get("/catalogue/").content.decode()
    for text in (
        "上海市公共资源交易目录",
        "工程建设",
        "药品和医用耗材采购",
        "上海市公共资源交易平台（医药采购分平台）",
        "上海市公共资源交易中心（产权交易分中心）",
        "不得新建交易平台",
        "上海市医疗保障局",
        "网络竞价",
    ):
        assert text in html


def test_catalogue_entry_page(client, catalogue):
    html = client.get("/catalogue/KY01/").content.decode()
    assert "矿业权出让" in html and "综合交易系统" in html and "上海市规划和自然资源局" in html
    assert client.get("/catalogue/XX99/").status_code == 404


def test_catalogue_page_can_show_a_named_version_and_404s_an_unknown_one(client, catalogue):
    assert client.get("/catalogue/", {"version": "2020年版"}).status_code == 200
    assert client.get("/catalogue/", {"version": "1999年版"}).status_code == 404


def test_catalogue_page_without_a_catalogue_says_so(client, db):
    assert "交易目录尚未发布" in client.get("/catalogue/").content.decode()
