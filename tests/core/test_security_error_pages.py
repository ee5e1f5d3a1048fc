"""Production error pages are the platform's own, in Chinese (finding 18); DEBUG is off in tests."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.views.defaults import server_error

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.error_urls")]

SITE_NAME = "上海市公共资源交易平台"


def page(response) -> str:
    body = response.content.decode()
    assert SITE_NAME in body, "the page extends the site's base template"
    assert "site.css" in body
    return body


def test_debug_is_off():
    """Finding 18: these tests see what production visitors see."""
    assert settings.DEBUG is False


def test_404_page_is_branded_and_chinese(client):
    """Finding 18: a missing page answers with the platform's Chinese 404 page, not Django's English one."""
    response = client.get("/no-such-page/here/")
    assert response.status_code == 404
    body = page(response)
    assert "页面不存在" in body and "Not Found" not in body and "返回首页" in body


def test_403_page_is_branded_and_chinese(client):
    """Finding 18: a permission refusal answers with the Chinese 403 page."""
    response = client.get("/test-errors/403/")
    assert response.status_code == 403
    body = page(response)
    assert "无权访问" in body and "Forbidden" not in body


def test_csrf_failure_page_is_branded_and_chinese():
    """Finding 18: a form posted without its CSRF token gets a Chinese explanation, not Django's English one."""
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    body = page(response)
    assert "页面已过期" in body and "CSRF verification failed" not in body


def test_400_page_is_branded_and_chinese(client):
    """Finding 18: a bad request answers with the Chinese 400 page."""
    response = client.get("/test-errors/400/")
    assert response.status_code == 400
    body = page(response)
    assert "请求无效" in body and "Bad Request" not in body


def test_500_page_is_branded_and_chinese():
    """Finding 18: an unexpected error answers with the Chinese 500 page."""
    client = Client(raise_request_exception=False)
    response = client.get("/test-errors/500/")
    assert response.status_code == 500
    body = page(response)
    assert "服务器内部错误" in body and "Server Error" not in body


def test_500_page_renders_without_a_request_context():
    """Finding 18: Django renders 500.html with no request context; the page must not depend on one."""
    request = RequestFactory().get("/anything/")
    response = server_error(request)
    assert response.status_code == 500
    body = page(response)
    assert "服务器内部错误" in body
