"""POST /api/v1/exchange/releases (spec redflags.md §3): machine token, per-path 422, idempotency, atomicity."""

from __future__ import annotations

import copy
import json

import pytest

from ggzy.core.models import AuditRecord
from ggzy.supervision.exchange.models import IntakeRecord, IntakeRelease
from ggzy.supervision.exchange.services import exchange_token_revoke
from ggzy.supervision.redflags.models import ScanRequest

from . import helpers
from .ocds_samples import package, release

URL = "/api/v1/exchange/releases"
pytestmark = pytest.mark.django_db


@pytest.fixture
def source_and_token():
    works = helpers.entity("上海市住房和城乡建设管理委员会")
    goods = helpers.entity("上海市财政局")
    helpers.catalogue(works_regulators=[works], goods_regulators=[goods])
    return helpers.registered_source()


def post(client, body, token):
    data = body if isinstance(body, bytes | str) else json.dumps(body)
    return client.post(URL, data=data, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")


def counts():
    return IntakeRelease.objects.count(), IntakeRecord.objects.count(), ScanRequest.objects.count()


def test_valid_package_is_stored_compiled_and_queued(client, source_and_token):
    source, token = source_and_token
    tender = release(1, tag="tender", rid="r-1-tender", date="2026-02-01T09:00:00+08:00")
    award = release(1, tag="award", rid="r-1-award")
    response = post(client, package([tender, award, release(2)]), token)
    assert response.status_code == 201, response.content
    assert response.json() == {
        "received": 3,
        "created": 3,
        "unchanged": 0,
        "ocids": ["ocds-test01-000001", "ocds-test01-000002"],
    }
    record = IntakeRecord.objects.get(ocid="ocds-test01-000001")
    assert record.source == source and record.release_count == 2
    assert record.compiled["tag"] == ["compiled"] and record.compiled["awards"][0]["status"] == "active"
    assert record.catalogue_code == "A01" and record.district == "浦东新区"
    assert set(ScanRequest.objects.values_list("ocid", flat=True)) == {
        "ocds-test01-000001",
        "ocds-test01-000002",
    }
    assert AuditRecord.objects.filter(action="exchange.package_received").count() == 1


def test_same_release_again_is_a_no_op(client, source_and_token):
    _, token = source_and_token
    body = package([release(1), release(2)])
    assert post(client, body, token).status_code == 201
    before = counts()
    again = post(client, body, token)
    assert again.status_code == 200
    assert again.json()["created"] == 0 and again.json()["unchanged"] == 2
    assert counts() == before


def test_same_release_id_with_other_content_is_409_and_nothing_stored(client, source_and_token):
    _, token = source_and_token
    assert post(client, package([release(1)]), token).status_code == 201
    before = counts()
    changed = release(1, award_amount=123.0)
    response = post(client, package([release(3), changed]), token)
    assert response.status_code == 409
    assert response.json()["code"] == "release_conflict"
    assert response.json()["details"] == {"ocid": "ocds-test01-000001", "id": "ocds-test01-000001-award"}
    assert counts() == before  # release 3 was not stored either


def test_conflict_inside_one_package_is_409(client, source_and_token):
    _, token = source_and_token
    response = post(client, package([release(1), release(1, award_amount=5.0)]), token)
    assert response.status_code == 409 and response.json()["code"] == "release_conflict"
    assert counts() == (0, 0, 0)


def test_invalid_package_is_422_with_one_error_per_path_and_nothing_stored(client, source_and_token):
    _, token = source_and_token
    bad = release(2)
    bad["tender"]["value"]["amount"] = "一百万"
    del bad["initiationType"]
    bad["bids"]["details"][0]["status"] = "secret"
    response = post(client, package([release(1), bad]), token)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_package"
    paths = [e["path"] for e in body["details"]["errors"]]
    assert paths == [
        "releases.1.bids.details.0.status",
        "releases.1.initiationType",
        "releases.1.tender.value.amount",
    ]
    assert counts() == (0, 0, 0)


def test_not_json_is_422(client, source_and_token):
    _, token = source_and_token
    response = post(client, b"{not json", token)
    assert response.status_code == 422 and response.json()["code"] == "invalid_json"


def test_submission_fingerprints_are_accepted_in_intake(client, source_and_token):
    _, token = source_and_token
    response = post(
        client, package([release(1, submission={"ipAddress": "10.1.1.1", "hardwareId": "H1"})]), token
    )
    assert response.status_code == 201
    stored = IntakeRecord.objects.get().compiled
    assert stored["bids"]["details"][0]["submission"]["hardwareId"] == "H1"


@pytest.mark.parametrize("header", [None, "Bearer nope", "Bearer "])
def test_without_a_valid_token_is_401_and_nothing_stored(client, source_and_token, header):
    kwargs = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.post(
        URL, data=json.dumps(package([release(1)])), content_type="application/json", **kwargs
    )
    assert response.status_code == 401
    assert counts() == (0, 0, 0)


def test_revoked_token_is_refused(client, source_and_token):
    source, token = source_and_token
    exchange_token_revoke(actor=None, token=source.tokens.get())
    assert post(client, package([release(1)]), token).status_code == 401


def test_user_session_or_user_token_cannot_push(client, source_and_token):
    admin = helpers.user(helpers.ADMIN)
    client.force_login(admin)
    response = client.post(URL, data=json.dumps(package([release(1)])), content_type="application/json")
    assert response.status_code == 401
    assert counts() == (0, 0, 0)


def test_ocid_of_another_sub_platform_is_409(client, source_and_token):
    from ggzy.catalog.services import sub_platform_register

    _, token = source_and_token
    assert post(client, package([release(1)]), token).status_code == 201
    sub_platform_register(
        actor=None,
        code="tdjy",
        stem="土地交易",
        operator_name="土地交易中心",
        established_on=__import__("datetime").date(2006, 1, 1),
    )
    _, other_token = helpers.registered_source("tdjy")
    response = post(client, package([release(1, rid="another")]), other_token)
    assert response.status_code == 409 and response.json()["code"] == "ocid_foreign"
    assert IntakeRelease.objects.count() == 1


def test_ocid_prefix_is_enforced(client):
    works = helpers.entity("住建委")
    helpers.catalogue(works_regulators=[works], goods_regulators=[works])
    _, token = helpers.registered_source(ocid_prefix="ocds-jsgc")
    response = post(client, package([release(1)]), token)
    assert response.status_code == 422 and response.json()["code"] == "ocid_prefix_mismatch"
    assert response.json()["details"]["errors"][0]["path"] == "releases.0.ocid"


def test_later_release_updates_the_compiled_record(client, source_and_token):
    _, token = source_and_token
    tender = release(1, tag="tender", rid="t", date="2026-02-01T09:00:00+08:00", status="active")
    assert post(client, package([tender]), token).status_code == 201
    update = copy.deepcopy(release(1, rid="a"))
    assert post(client, package([update]), token).status_code == 201
    record = IntakeRecord.objects.get()
    assert record.release_count == 2
    assert record.compiled["tender"]["status"] == "complete"
    assert record.compiled["date"] == update["date"]


def test_own_ocid_prefix_is_reserved(client, source_and_token):
    _, token = source_and_token
    rel = release(1)
    rel["ocid"] = "ocds-ggzysh-E31011526020200010001001"
    response = post(client, package([rel]), token)
    assert response.status_code == 422 and response.json()["code"] == "ocid_reserved"
    assert counts() == (0, 0, 0)
