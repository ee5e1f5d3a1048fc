"""GET /api/v1/ocds/releases and /api/v1/ocds/records/{ocid}: valid OCDS, paginated, nothing sealed."""

from __future__ import annotations

import json

import pytest

from ggzy.supervision.exchange import ocds_export
from ggzy.supervision.exchange.ocds_schema import Profile, validate_package, validate_record_package

from .own_trading import own_section

pytestmark = pytest.mark.django_db


def all_releases(client, limit=100):
    releases, url, pages = [], f"/api/v1/ocds/releases?limit={limit}", 0
    while url:
        response = client.get(url)
        assert response.status_code == 200
        body = response.json()
        if body["releases"]:
            assert validate_package(body, profile=Profile.PUBLIC) == []
        releases += body["releases"]
        url = (
            f"/api/v1/ocds/releases?limit={limit}&cursor={body['nextCursor']}" if body["nextCursor"] else None
        )
        pages += 1
    return releases, pages


def test_every_stage_is_published_valid_and_newest_last(client):
    own_section(stage="contracted")
    own_section(stage="failed")
    own_section(stage="bidding")
    releases, _ = all_releases(client)
    tags = [(r["id"].rsplit("-", 1)[1], r["tag"][0]) for r in releases]
    assert sorted(tags) == sorted(
        [
            ("tender", "tender"),
            ("tender", "tender"),
            ("tender", "tender"),
            ("bids", "tenderUpdate"),
            ("award", "award"),
            ("contract", "contract"),
            ("failed", "tenderUpdate"),
        ]
    )
    dates = [r["date"] for r in releases]
    assert dates == sorted(dates)


def test_pagination_visits_every_release_once(client):
    for _ in range(3):
        own_section(stage="contracted")
    everything, _ = all_releases(client, limit=100)
    paged, pages = all_releases(client, limit=2)
    assert [r["id"] for r in paged] == [r["id"] for r in everything]
    assert pages >= 6 and len({r["id"] for r in paged}) == len(paged) == 12


def test_nothing_sealed_before_the_opening(client):
    section = own_section(stage="bidding", fingerprint={"hardwareId": "HW-SECRET", "ipAddress": "10.9.9.9"})
    releases, _ = all_releases(client)
    text = json.dumps(releases, ensure_ascii=False)
    assert "bids" not in releases[0] and "HW-SECRET" not in text and "10.9.9.9" not in text
    record = client.get(f"/api/v1/ocds/records/{ocds_export.section_ocid(section)}").json()
    assert "bids" not in record["records"][0]["compiledRelease"]


def test_no_submission_fingerprints_after_the_opening_either(client):
    own_section(stage="contracted", fingerprint={"hardwareId": "HW-SECRET", "depositAccount": "6222-SECRET"})
    releases, _ = all_releases(client)
    text = json.dumps(releases, ensure_ascii=False)
    assert "submission" not in text and "SECRET" not in text
    bids = next(r for r in releases if r["id"].endswith("-bids"))
    assert [b["value"]["amount"] for b in bids["bids"]["details"]] == [9_100_000.0, 9_300_000.0, 9_500_000.0]


def test_record_package_is_valid_and_compiled(client):
    section = own_section(stage="contracted")
    ocid = ocds_export.section_ocid(section)
    response = client.get(f"/api/v1/ocds/records/{ocid}")
    assert response.status_code == 200
    package = response.json()
    assert validate_record_package(package) == []
    compiled = package["records"][0]["compiledRelease"]
    assert compiled["tag"] == ["compiled"] and compiled["tender"]["status"] == "complete"
    assert compiled["awards"][0]["value"]["amount"] == 9_100_000.0
    assert compiled["tender"]["items"][0]["classification"] == {"scheme": "GGZY-CATALOGUE", "id": "A01"}
    assert compiled["parties"][0]["address"]["region"] == "浦东新区"
    assert len(package["records"][0]["releases"]) == 4


def test_unknown_ocid_is_404(client):
    assert client.get("/api/v1/ocds/records/ocds-ggzysh-nope").status_code == 404
    assert client.get("/api/v1/ocds/records/other-prefix-1").status_code == 404


def test_bad_cursor_is_400(client):
    response = client.get("/api/v1/ocds/releases?cursor=%%%")
    assert response.status_code == 400 and response.json()["code"] == "invalid_cursor"


def test_supervision_form_carries_fingerprints_and_pre_opening_bids():
    section = own_section(stage="bidding", fingerprint={"hardwareId": "HW-1"})
    (compiled,) = ocds_export.compiled_releases_for_supervision(ocids=[ocds_export.section_ocid(section)])
    details = compiled["bids"]["details"]
    assert len(details) == 3 and all(d["status"] == "pending" and "value" not in d for d in details)
    assert details[0]["submission"] == {"hardwareId": "HW-1"}
    assert (
        validate_package(
            {
                "uri": "https://x.cn/p",
                "version": "1.1",
                "publishedDate": compiled["date"],
                "publisher": {"name": "x"},
                "releases": [compiled],
            }
        )
        == []
    )
