"""The portal with nothing in it yet (these tests must not share the seeded demo data of the other modules)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_home_without_any_data_still_renders(client):
    html = client.get("/").content.decode()
    assert "交易目录尚未发布" in html and "暂无公告" in html


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get("/workbench/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/workbench/"
