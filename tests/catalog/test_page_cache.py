"""The public catalogue pages are cached like the portal's other public pages (core.public_cache): the same page
for every anonymous visitor until the catalogue changes, never a logged-in visitor's page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ggzy.catalog import services

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC)


def _without_csrf(content: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)


@pytest.mark.parametrize("url", ["/catalogue/", "/catalogue/GC01/"])
def test_anonymous_catalogue_pages_are_public_and_served_from_the_cache(client, catalogue, url):
    first = client.get(url)
    assert first.status_code == 200
    assert "public" in first["Cache-Control"] and "max-age=" in first["Cache-Control"]
    with CaptureQueriesContext(connection) as rendered_again:
        second = client.get(url)
    assert _without_csrf(second.content) == _without_csrf(first.content)  # each visitor gets its own token
    # a hit reads only the catalogue's version (4 aggregate/current queries at most), never renders the page
    assert len(rendered_again) <= 4


@time_machine.travel(NOW, tick=False)
def test_a_version_published_is_on_the_page_at_once(client, catalogue, admin_user):
    assert "2027年版" not in client.get("/catalogue/").content.decode()
    draft = services.catalogue_version_create(
        actor=admin_user, label="2027年版", effective_from=dt.date(2027, 1, 1), copy_from=catalogue
    )
    assert "2027年版" not in client.get("/catalogue/").content.decode()  # a draft is not public
    services.catalogue_version_publish(actor=admin_user, version=draft)
    assert "2027年版" in client.get("/catalogue/").content.decode()  # 即将实施


def test_logged_in_visitors_get_a_private_page(client, catalogue, admin_user):
    client.get("/catalogue/")  # an anonymous copy is in the cache
    client.force_login(admin_user)
    response = client.get("/catalogue/")
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert admin_user.username in response.content.decode() or "退出" in response.content.decode()
