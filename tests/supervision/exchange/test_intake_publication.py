"""Sub-platform releases become public: notices in 信息公开 and releases in the public OCDS endpoints."""

from __future__ import annotations

import json

import pytest
import time_machine

from ggzy.hub.publication.models import Notice
from ggzy.supervision.exchange.ocds_schema import Profile, validate_package, validate_record_package

from . import helpers
from .ocds_samples import package, release

URL = "/api/v1/exchange/releases"
pytestmark = pytest.mark.django_db
FINGERPRINT = {"fileHash": "a" * 64, "clientMac": "00-11-22-33-44-55"}


@pytest.fixture
def token():
    works = helpers.entity("上海市住房和城乡建设管理委员会")
    goods = helpers.entity("上海市财政局")
    helpers.catalogue(works_regulators=[works], goods_regulators=[goods])
    return helpers.registered_source()[1]


def post(client, body, token):
    return client.post(
        URL, data=json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )


def intake_notices():
    return Notice.objects.filter(source_type="exchange.intakerelease").order_by("id")


def test_sub_platform_releases_become_notices_by_kind_and_sector(client, token):
    """A tender release → 招标公告, an award release → 中标结果公告, both under the catalogue entry A01."""
    tender = release(1, tag="tender", rid="r-1-tender", date="2026-02-01T09:00:00+08:00")
    award = release(1, tag="award", rid="r-1-award")
    assert post(client, package([tender, award]), token).status_code == 201
    notices = list(intake_notices())
    assert [n.kind for n in notices] == [Notice.Kind.TENDER, Notice.Kind.AWARD]
    assert {n.catalogue_code for n in notices} == {"A01"}
    assert notices[0].district == "310115"  # 浦东新区
    assert "测试项目1" in notices[0].title and "建设工程交易" in notices[0].body
    assert "测试建设公司0" in notices[1].body
    page = client.get(f"/notices/{notices[1].pk}/")
    assert page.status_code == 200 and "测试项目1" in page.content.decode()


def test_resent_identical_release_publishes_nothing_new(client, token):
    """Idempotent per release id: the same package twice gives one notice per release."""
    body = package([release(1, tag="tender", rid="r-1-tender")])
    assert post(client, body, token).status_code == 201
    assert post(client, body, token).status_code == 200
    assert intake_notices().count() == 1


def test_a_new_release_of_a_process_publishes_a_change_notice(client, token):
    """A correction is a new release id (OCDS practice) → a new 变更公告, the first notice stays as it was."""
    first = release(1, tag="tender", rid="r-1-tender")
    amended = release(1, tag="tenderAmendment", rid="r-1-amend", date="2026-02-15T09:00:00+08:00")
    post(client, package([first]), token)
    post(client, package([amended]), token)
    assert [n.kind for n in intake_notices()] == [Notice.Kind.TENDER, Notice.Kind.AMENDMENT]


@time_machine.travel("2026-02-20T10:00:00+08:00", tick=False)
def test_nothing_about_bids_is_published_before_the_reported_deadline(client, token):
    """Sealed until tender.tenderPeriod.endDate: no bidder, bid or fingerprint in notices or the public feed."""
    early = release(
        1, tag="tender", rid="r-1-tender", submission=FINGERPRINT, date="2026-02-10T09:00:00+08:00"
    )
    assert post(client, package([early]), token).status_code == 201
    (notice,) = intake_notices()
    assert "测试建设公司" not in notice.body
    body = client.get("/api/v1/ocds/releases").json()
    (published,) = [r for r in body["releases"] if r["id"] == "r-1-tender"]
    assert "bids" not in published and "测试建设公司" not in json.dumps(published, ensure_ascii=False)


def test_public_feed_and_record_carry_sub_platform_releases_without_fingerprints(client, token):
    """/api/v1/ocds/releases and /records/{ocid} include intake releases, valid OCDS 1.1.5, no submission."""
    tender = release(1, tag="tender", rid="r-1-tender", date="2026-02-01T09:00:00+08:00")
    award = release(1, tag="award", rid="r-1-award", submission=FINGERPRINT)
    post(client, package([tender, award, release(2, submission=FINGERPRINT)]), token)
    body = client.get("/api/v1/ocds/releases").json()
    assert {"r-1-tender", "r-1-award", "ocds-test01-000002-award"} <= {r["id"] for r in body["releases"]}
    assert validate_package(body, profile=Profile.PUBLIC) == []
    assert "submission" not in json.dumps(body) and "fileHash" not in json.dumps(body)
    record = client.get("/api/v1/ocds/records/ocds-test01-000001")
    assert record.status_code == 200
    record_body = record.json()
    assert validate_record_package(record_body, profile=Profile.PUBLIC) == []
    assert record_body["records"][0]["compiledRelease"]["awards"][0]["status"] == "active"
    assert "submission" not in json.dumps(record_body)


def test_feed_pages_over_releases_of_one_package_without_skipping(client, token):
    """All releases of one package share one receipt time: the cursor still visits each exactly once."""
    post(client, package([release(n, tag="tender", rid="same-id") for n in range(1, 6)]), token)
    seen, url = [], "/api/v1/ocds/releases?limit=2"
    while url:
        body = client.get(url).json()
        seen += [(r["ocid"], r["id"]) for r in body["releases"]]
        url = f"/api/v1/ocds/releases?limit=2&cursor={body['nextCursor']}" if body["nextCursor"] else None
    assert len(seen) == len(set(seen)) == 5
