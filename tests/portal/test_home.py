from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_home_shows_the_three_systems_the_catalogue_and_the_audit_link(client, demo):
    html = client.get("/").content.decode()
    for text in (
        "综合交易系统",
        "综合服务系统",
        "综合监管系统",
        "2020年版",
        "交易分平台",
        'href="/audit/"',
        'href="/catalogue/"',
        'href="/notices/"',
        'href="/login/"',
        'href="/register/"',
    ):
        assert text in html


def test_home_lists_the_latest_notices(client, demo):
    from ggzy.hub.publication.services import notice_publish

    notice_publish(
        actor=None,
        kind="tender",
        title="某中学体育馆新建工程招标公告",
        body="正文",
        catalogue_code="GC01",
        district="静安区",
    )
    html = client.get("/").content.decode()
    assert "某中学体育馆新建工程招标公告" in html


def test_logged_in_header_has_a_post_logout_form_and_the_workbench(login):
    html = login("bidder1").get("/").content.decode()
    assert 'action="/logout/"' in html and 'method="post"' in html
    assert 'href="/workbench/"' in html


def test_pages_carry_no_inline_script_or_style(client, demo):
    for path in ("/", "/catalogue/", "/catalogue/GC01/", "/notices/"):
        html = client.get(path).content.decode()
        assert "<script" not in html and "style=" not in html and "<style" not in html
