"""The public page /audit/ and the JSON seal endpoints: anyone can read and keep the roots."""

from __future__ import annotations

import pytest

from ggzy.core.audit_seal import seal_pending

from .audit_helpers import audit_records, make_record  # noqa: F401 — fixture


@pytest.mark.django_db
def test_audit_page_shows_latest_root_time_count_and_how_to_verify(client, audit_records):  # noqa: F811
    seal_pending(max_records=5)
    latest = seal_pending()
    make_record()
    html = client.get("/audit/").content.decode()
    assert latest.merkle_root in html
    assert "已封存记录" in html and "8 条" in html
    assert "尚未封存" in html
    assert "ggzy audit verify" in html and "如何核验" in html


@pytest.mark.django_db
def test_audit_page_without_seals_says_so(client):
    response = client.get("/audit/")
    assert response.status_code == 200
    assert "尚无审计封存" in response.content.decode()


@pytest.mark.django_db
def test_latest_seal_api_is_public(client, audit_records):  # noqa: F811
    seal = seal_pending()
    body = client.get("/api/v1/audit/seals/latest").json()
    assert body["seq"] == 1 and body["merkleRoot"] == seal.merkle_root and body["sealHash"] == seal.seal_hash
    assert body["recordCount"] == 8 and body["prevHash"] == "0" * 64


@pytest.mark.django_db
def test_latest_seal_api_without_seals_is_404_in_error_shape(client):
    response = client.get("/api/v1/audit/seals/latest")
    assert response.status_code == 404
    assert response.json()["code"] == "no_audit_seal"


@pytest.mark.django_db
def test_seal_list_pages_with_a_cursor_oldest_first(client, audit_records):  # noqa: F811
    for _ in range(4):
        seal_pending(max_records=2)
    first = client.get("/api/v1/audit/seals?limit=3").json()
    assert [s["seq"] for s in first["items"]] == [1, 2, 3]
    rest = client.get(f"/api/v1/audit/seals?limit=3&cursor={first['nextCursor']}").json()
    assert [s["seq"] for s in rest["items"]] == [4] and rest["nextCursor"] is None
    assert client.get("/api/v1/audit/seals?cursor=!!").json()["code"] == "invalid_cursor"


@pytest.mark.django_db
def test_admin_shows_audit_records_read_only(admin_client, audit_records):  # noqa: F811
    assert admin_client.get("/admin/core/auditrecord/").status_code == 200
    assert admin_client.get(f"/admin/core/auditrecord/{audit_records[0].pk}/change/").status_code == 200
    assert admin_client.get("/admin/core/auditrecord/add/").status_code == 403
    response = admin_client.post(f"/admin/core/auditrecord/{audit_records[0].pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
