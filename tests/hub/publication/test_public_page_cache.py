"""Anonymous public pages (home, 信息公开, a notice, the feed) are cached until the next publish;
logged-in visitors never share a cached page; HTTP caching headers say which is which."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(db):
    from ggzy.parties.models import User

    def _user(username: str, display_name: str):
        return User.objects.create_user(
            username=username, password="x-Secret-2026", display_name=display_name
        )

    return _user


def _text(response) -> str:
    """The page without its per-visitor CSRF token and search highlights (JSON decoded)."""
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    html = re.sub(r'name="csrfmiddlewaretoken" value="[A-Za-z0-9]+"', "", response.content.decode())
    return re.sub(r"</?mark>", "", html)


@pytest.mark.parametrize("path", ["/", "/notices/", "/notices/?q=道路", "/api/v1/notices"])
def test_publishing_shows_the_new_notice_at_once_on_cached_pages(client, publish, path):
    """A page cached before a publish is not served after it: the new notice is there immediately."""
    publish("浦东新区道路改造工程招标公告")
    first = _text(client.get(path))
    assert "浦东新区道路改造工程招标公告" in first
    assert _text(client.get(path)) == first  # served from the cache
    publish("徐汇区道路大修工程中标结果公告", kind="award", code="GC02", district="徐汇区")
    assert "徐汇区道路大修工程中标结果公告" in _text(client.get(path))


def test_a_notice_page_is_cached_and_a_missing_one_is_a_404_every_time(client, publish):
    """The detail page is cached like the list; a 404 is never stored."""
    notice = publish("某工程施工招标公告")
    assert client.get(f"/notices/{notice.pk}/").status_code == 200
    assert client.get(f"/notices/{notice.pk + 1000}/").status_code == 404
    assert client.get(f"/notices/{notice.pk + 1000}/").status_code == 404


def test_anonymous_public_pages_say_public_with_a_short_max_age(client, publish, settings):
    """Cache-Control: public, max-age=GGZY_PUBLIC_CACHE_SECONDS for anonymous pages; the feed shorter."""
    settings.GGZY_PUBLIC_CACHE_SECONDS = 45
    publish()
    for path in ("/", "/notices/", "/notices/?kind=award"):
        for _ in range(2):  # stored, then served from the cache
            header = client.get(path)["Cache-Control"]
            assert "public" in header and "max-age=45" in header and "private" not in header
    assert "max-age=5" in client.get("/api/v1/notices")["Cache-Control"]


def test_a_logged_in_visitor_never_gets_another_visitors_cached_page(publish, user):
    """Two users and an anonymous visitor on the same URLs: each sees only their own header."""
    publish()
    alice, bob = user("alice", "张三甲"), user("bob", "李四乙")
    anonymous = Client()
    as_alice, as_bob = Client(), Client()
    as_alice.force_login(alice)
    as_bob.force_login(bob)
    for path in ("/", "/notices/"):
        page_a = as_alice.get(path)
        anon = anonymous.get(path).content.decode()
        page_b = as_bob.get(path)
        anon_again = anonymous.get(path).content.decode()
        html_a, html_b = page_a.content.decode(), page_b.content.decode()
        assert str(alice) in html_a and str(bob) not in html_a
        assert str(bob) in html_b and str(alice) not in html_b
        for html in (anon, anon_again):
            assert str(alice) not in html and str(bob) not in html and 'action="/logout/"' not in html
        for response in (page_a, page_b):
            assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_each_anonymous_visitor_gets_a_csrf_token_of_their_own_from_a_cached_page(publish):
    """The language switch keeps working from a cached page: the token matches the visitor's cookie."""
    publish()
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    tokens = []
    for visitor in (first, second):
        html = visitor.get("/notices/").content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"', html).group(1)
        tokens.append(token)
        response = visitor.post(
            "/i18n/setlang/", {"language": "en", "next": "/notices/", "csrfmiddlewaretoken": token}
        )
        assert response.status_code == 302
    assert tokens[0] != tokens[1]
    english = first.get("/notices/").content.decode()
    chinese = Client().get("/notices/").content.decode()
    assert english != chinese and '<html lang="en"' in english and '<html lang="zh-hans"' in chinese.lower()
