"""数据质量考核: completeness, timeliness and consistency per release, summed per sub-platform and month."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine

from ggzy.core.clock import SHANGHAI
from ggzy.supervision.exchange import quality

from . import helpers
from .ocds_samples import package, release

RECEIVED = dt.datetime(2026, 3, 10, 12, 0, tzinfo=SHANGHAI)


def test_complete_consistent_release_scores_full_marks():
    measured = quality.measure_release(release(1), received_at=RECEIVED)
    assert measured.completeness == 1.0 and measured.missing == [] and measured.consistency_issues == []
    assert measured.lag_seconds == 2 * 3600  # award at 10:00, received 12:00


def test_missing_fields_lower_completeness():
    rel = release(1)
    del rel["tender"]["value"]
    del rel["awards"][0]["date"]
    measured = quality.measure_release(rel, received_at=RECEIVED)
    assert set(measured.missing) == {"tender.value.amount", "awards[].date"}
    assert 0 < measured.completeness < 1


def test_tender_release_does_not_need_award_fields():
    measured = quality.measure_release(release(1, tag="tender"), received_at=RECEIVED)
    assert measured.missing == []


@pytest.mark.parametrize(
    ("change", "issue"),
    [
        (lambda r: r["awards"][0]["value"].update(amount=2_000_000.0), "award_above_ceiling"),
        (lambda r: r["awards"][0]["value"].update(amount=700_000.0), "award_differs_from_bid"),
        (lambda r: r["awards"][0].update(suppliers=[{"id": "X", "name": "外来公司"}]), "supplier_not_bidder"),
        (lambda r: r["tender"].update(numberOfTenderers=5), "tenderer_count_mismatch"),
        (lambda r: r["bids"]["details"][1].update(date="2026-03-02T09:00:00+08:00"), "bid_after_deadline"),
    ],
)
def test_consistency_checks(change, issue):
    rel = release(1)
    change(rel)
    assert issue in quality.measure_release(rel, received_at=RECEIVED).consistency_issues


def test_score_weights():
    assert quality.score(completeness=1, timely_rate=1, consistent_rate=1) == 100.0
    assert quality.score(completeness=0.5, timely_rate=0, consistent_rate=1) == 50.0


@pytest.mark.django_db
class TestQualityPage:
    URL = "/supervision/exchange/quality/"

    @pytest.fixture
    def setup(self, client):
        self.works = helpers.entity("住建委")
        self.goods = helpers.entity("财政局")
        helpers.catalogue(works_regulators=[self.works], goods_regulators=[self.goods])
        _, token = helpers.registered_source()
        late = release(2, date="2026-03-01T10:00:00+08:00")
        late["awards"][0]["value"]["amount"] = 2_000_000.0
        with time_machine.travel(RECEIVED, tick=False):
            response = client.post(
                "/api/v1/exchange/releases",
                data=json.dumps(package([release(1), late])),
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {token}",
            )
        assert response.status_code == 201

    def test_admin_sees_monthly_scores(self, client, setup):
        client.force_login(helpers.user(helpers.ADMIN))
        page = client.get(self.URL, {"month": "2026-03"})
        assert page.status_code == 200
        text = page.content.decode()
        assert "上海市公共资源交易平台（建设工程交易分平台）" in text
        assert "50%" in text  # one of two releases timely, one of two consistent
        assert "中标金额高于最高投标限价" in text

    def test_empty_month(self, client, setup):
        client.force_login(helpers.user(helpers.ADMIN))
        page = client.get(self.URL, {"month": "2025-01"})
        assert page.status_code == 200 and "本月未报送数据" in page.content.decode()

    def test_regulator_sees_only_its_sub_platforms(self, client, setup):
        client.force_login(helpers.user(helpers.REGULATOR, self.goods))
        page = client.get(self.URL, {"month": "2026-03"})
        assert page.status_code == 200 and "建设工程交易分平台" not in page.content.decode()
        client.force_login(helpers.user(helpers.REGULATOR, self.works))
        assert "建设工程交易分平台" in client.get(self.URL, {"month": "2026-03"}).content.decode()

    @pytest.mark.parametrize("role", ["operator", "bidder", "buyer"])
    def test_other_roles_are_refused(self, client, setup, role):
        client.force_login(helpers.user(role, helpers.entity("某公司", kind="enterprise")))
        assert client.get(self.URL).status_code == 403

    def test_anonymous_is_sent_to_login(self, client, setup):
        response = client.get(self.URL)
        assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.django_db
class TestQualityApi:
    URL = "/api/v1/exchange/quality"

    def test_admin_gets_the_month(self, client):
        works = helpers.entity("住建委")
        helpers.catalogue(works_regulators=[works], goods_regulators=[works])
        _, token = helpers.registered_source()
        with time_machine.travel(RECEIVED, tick=False):
            response = client.post(
                "/api/v1/exchange/releases",
                data=json.dumps(package([release(1)])),
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {token}",
            )
        assert response.status_code == 201
        client.force_login(helpers.user(helpers.ADMIN))
        body = client.get(self.URL, {"month": "2026-03"}).json()
        assert body["month"] == "2026-03"
        (item,) = body["items"]
        assert item["platform"] == "jsgc" and item["releases"] == 1 and item["score"] == 100.0

    @pytest.mark.parametrize("role", ["operator", "bidder"])
    def test_other_roles_are_refused(self, client, role):
        client.force_login(helpers.user(role, helpers.entity("某公司", kind="enterprise")))
        assert client.get(self.URL).status_code == 403

    def test_anonymous_is_401(self, client):
        assert client.get(self.URL).status_code == 401


@pytest.mark.django_db
@pytest.mark.legal_rule("87号令69")
def test_timeliness_counts_two_working_days_not_calendar_days(client):
    """87号令69 gives 2 *working* days: an award on Friday reported on Tuesday morning is in time (the
    weekend does not count), one on Wednesday reported on Saturday is late (Friday 24:00 was the limit)."""
    from ggzy.supervision.exchange.selectors import quality_by_month

    works = helpers.entity("住建委")
    helpers.catalogue(works_regulators=[works], goods_regulators=[helpers.entity("财政局")])
    _, token = helpers.registered_source()
    cases = [  # (award date, received): Fri → Tue 09:00 in time (> 48 h); Wed → Sat 09:00 late
        (
            release(1, rid="r-fri", date="2026-03-27T10:00:00+08:00"),
            dt.datetime(2026, 3, 31, 9, tzinfo=SHANGHAI),
        ),
        (
            release(2, rid="r-wed", date="2026-03-25T10:00:00+08:00"),
            dt.datetime(2026, 3, 28, 9, tzinfo=SHANGHAI),
        ),
    ]
    for rel, received in cases:
        with time_machine.travel(received, tick=False):
            response = client.post(
                "/api/v1/exchange/releases",
                data=json.dumps(package([rel])),
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {token}",
            )
        assert response.status_code == 201, response.content
    [row] = [r for r in quality_by_month(user=helpers.user(helpers.ADMIN), month="2026-03") if r.releases]
    assert row.releases == 2 and row.timely_rate == 0.5
    assert quality.is_timely(
        received_at=cases[0][1],
        lag_seconds=int((cases[0][1] - dt.datetime(2026, 3, 27, 10, tzinfo=SHANGHAI)).total_seconds()),
    )
