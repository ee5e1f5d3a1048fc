"""统计分析 dashboard: role-scoped, intake and own data through one path, CSV, empty data, strict CSP."""

from __future__ import annotations

import csv
import io
import json

import pytest

from ggzy.supervision.redflags.services import ProcessInfo, alert_transition, alerts_from_scan
from tests.supervision.alerts.conftest import scan_result
from tests.supervision.exchange import helpers
from tests.supervision.exchange.ocds_samples import package, release
from tests.supervision.exchange.own_trading import own_section

URL = "/supervision/statistics/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def world(client):
    class World:
        works = helpers.entity("住建委")
        goods = helpers.entity("财政局")

    helpers.catalogue(works_regulators=[World.works], goods_regulators=[World.goods])
    _, token = helpers.registered_source()
    releases = [
        release(1, district="浦东新区"),
        release(2, district="徐汇区", amounts=[500_000.0]),
        release(3, category="B01", district="浦东新区", amounts=[300_000.0, 310_000.0, 320_000.0]),
    ]
    response = client.post(
        "/api/v1/exchange/releases",
        data=json.dumps(package(releases)),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 201
    own_section(stage="contracted", catalogue_code="A01")
    World.admin = helpers.user(helpers.ADMIN)
    World.works_regulator = helpers.user(helpers.REGULATOR, World.works)
    World.goods_regulator = helpers.user(helpers.REGULATOR, World.goods)
    return World


def api(client, **params):
    response = client.get("/api/v1/statistics/indicators", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_admin_sees_every_category_from_both_sources(client, world):
    client.force_login(world.admin)
    data = api(client, dimension="category")
    assert [(r["key"], r["processes"]) for r in data["rows"]] == [("A01", 3), ("B01", 1)]
    assert data["rows"][0]["label"] == "A01 房屋建筑和市政基础设施工程"
    assert data["total"]["trades"] == 4


def test_regulator_sees_only_its_categories(client, world):
    client.force_login(world.goods_regulator)
    data = api(client, dimension="category")
    assert [r["key"] for r in data["rows"]] == ["B01"]
    assert data["total"]["value"] == 300_000.0
    client.force_login(world.works_regulator)
    assert [r["key"] for r in api(client, dimension="category")["rows"]] == ["A01"]
    # asking for another regulator's category gives nothing, not its data
    assert api(client, category="B01")["rows"] == []


def test_district_and_month_filters(client, world):
    client.force_login(world.admin)
    data = api(client, dimension="district", category="A01")
    assert [(r["key"], r["processes"]) for r in data["rows"]] == [("徐汇区", 1), ("浦东新区", 2)]
    assert api(client, month_from="2026-04")["rows"] == []
    months = [r["key"] for r in api(client, dimension="month")["rows"]]
    assert months == ["2026-03"]


def test_page_renders_charts_without_inline_script_or_style(client, world):
    client.force_login(world.admin)
    page = client.get(URL, {"dimension": "district"})
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("<svg") == 7 and "<rect" in html and "浦东新区" in html
    assert "<script" not in html and "style=" not in html and "<style" not in html
    assert "default-src 'self'" in page["Content-Security-Policy"]


def test_csv_export(client, world):
    client.force_login(world.works_regulator)
    response = client.get("/supervision/statistics/export.csv", {"dimension": "district"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["分组", "项目数", "成交数"]
    assert [r[0] for r in rows[1:]] == ["徐汇区", "浦东新区", "合计"]
    assert rows[-1][1] == "3"


def test_empty_data(client, db):
    client.force_login(helpers.user(helpers.ADMIN))
    page = client.get(URL)
    assert page.status_code == 200 and "暂无交易数据" in page.content.decode()
    response = client.get("/supervision/statistics/export.csv")
    assert response.status_code == 200
    assert api(client)["rows"] == []


def test_alert_handling_times(client, world):
    processes = {"ocds-test01-000001": ProcessInfo(ocid="ocds-test01-000001", catalogue_code="A01")}
    (alert,) = alerts_from_scan(result=scan_result(), processes=processes)
    alert_transition(actor=world.works_regulator, alert_id=alert.pk, to_status="investigating")
    client.force_login(world.works_regulator)
    data = api(client)["alerts"]
    assert data["total"] == 1 and data["open"] == 1 and data["byStatus"] == {"核查中": 1}
    assert data["medianHoursToFirstAction"] is not None
    client.force_login(world.goods_regulator)
    assert api(client)["alerts"]["total"] == 0


@pytest.mark.parametrize("role", ["operator", "bidder", "buyer", "expert"])
def test_other_roles_are_refused(client, world, role):
    client.force_login(helpers.user(role, helpers.entity("某公司", kind="enterprise")))
    assert client.get(URL).status_code == 403
    assert client.get("/supervision/statistics/export.csv").status_code == 403
    assert client.get("/supervision/").status_code == 403
    assert client.get("/api/v1/statistics/indicators").status_code == 403


def test_anonymous(client, world):
    assert client.get(URL).status_code == 302
    assert client.get("/supervision/statistics/export.csv").status_code == 302
    assert client.get("/api/v1/statistics/indicators").status_code == 401


def test_supervision_home_links(client, world):
    client.force_login(world.works_regulator)
    html = client.get("/supervision/").content.decode()
    for link in ("/supervision/alerts/", "/supervision/statistics/", "/supervision/exchange/quality/"):
        assert link in html


def test_no_bid_of_a_sub_platform_process_is_counted_before_its_reported_deadline(client, db):
    """Security finding 1 (pre-deadline leak): nothing about a bid reaches supervision before the deadline —
    the dashboards included. A sub-platform release pushed while its tenderPeriod is still open counts as a
    process, never with its bidders."""
    works = helpers.entity("住建委")
    helpers.catalogue(works_regulators=[works], goods_regulators=[helpers.entity("财政局")])
    _, token = helpers.registered_source()
    open_release = release(
        7,
        tag="tender",
        bidders=3,
        tender_start="2099-01-01T09:00:00+08:00",
        tender_end="2099-02-01T09:30:00+08:00",
    )
    open_release.pop("awards", None)
    response = client.post(
        "/api/v1/exchange/releases",
        data=json.dumps(package([open_release])),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 201, response.content
    client.force_login(helpers.user(helpers.REGULATOR, works))
    data = api(client, dimension="category")
    assert [(r["key"], r["processes"]) for r in data["rows"]] == [("A01", 1)]
    assert data["rows"][0]["bidders_per_tender"] is None
    assert data["total"]["bidders_per_tender"] is None
