"""zh-Hans by default; the header switch turns the portal into English."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_chinese_is_the_default(client, db):
    html = client.get("/").content.decode()
    assert '<html lang="zh-Hans">' in html
    assert "一网三平台" in html and "English" in html


def test_the_switch_sets_english_and_back(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/catalogue/"})
    assert response.status_code == 302 and response["Location"] == "/catalogue/"
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "One network, three systems" in html and "Comprehensive Trading System" in html
    assert "Catalogue" in html and "中文" in html
    catalogue = client.get("/catalogue/").content.decode()
    assert "Shanghai Public Resource Trading Catalogue" in catalogue
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "一网三平台" in client.get("/").content.decode()


def test_portal_locale_middleware_ignores_accept_language(rf, settings):
    from django.utils import translation

    from ggzy.portal.middleware import PortalLocaleMiddleware

    middleware = PortalLocaleMiddleware(lambda request: None)
    request = rf.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    middleware.process_request(request)
    assert request.LANGUAGE_CODE == "zh-hans"
    request = rf.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = "en"
    middleware.process_request(request)
    assert request.LANGUAGE_CODE == "en"
    translation.deactivate()
