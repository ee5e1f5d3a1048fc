"""The one web layer (``ggzy.core.web``): a service refusal on an HTML page becomes a form error on its field
(the typed input kept) or the one branded Chinese page; API paths keep their JSON error shape."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.web_urls")]

SITE_NAME = "上海市公共资源交易平台"


@pytest.fixture(autouse=True)
def _test_templates(settings):
    templates = copy.deepcopy(django_settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], Path(__file__).parent / "web_templates"]
    settings.TEMPLATES = templates


def test_refusal_re_renders_the_form_with_the_input_kept_and_the_error_on_its_field(client):
    """Given a form whose service refuses a field (details.field = tenderPeriodEnd), when it is posted,
    then the form comes back (422) with what was typed and the Chinese message on tender_period_end."""
    response = client.post("/test-web/form/", {"title": "道路改造", "tender_period_end": "2025-01-01"})
    assert response.status_code == 422
    form = response.context["form"]
    assert form.errors["tender_period_end"] == ["投标截止时间不得早于法定最短期限（最早：2030-01-20）"]
    body = response.content.decode()
    assert 'value="道路改造"' in body and 'value="2025-01-01"' in body


def test_refusal_without_a_field_is_a_non_field_error(client):
    """A refusal naming no field is shown at the top of the form."""
    response = client.post("/test-web/form/", {"title": "已存在", "tender_period_end": "2031-01-01"})
    assert response.status_code == 422
    assert response.context["form"].non_field_errors() == ["同名项目已存在"]


def test_valid_input_redirects_with_the_success_message(client):
    response = client.post(
        "/test-web/form/", {"title": "道路改造", "tender_period_end": "2031-01-01"}, follow=True
    )
    assert response.redirect_chain == [("/test-web/form/", 302)]
    assert [str(m) for m in response.context["messages"]] == ["已保存"]


def test_get_renders_the_empty_form(client):
    response = client.get("/test-web/form/")
    assert response.status_code == 200 and not response.context["form"].is_bound


def test_a_ggzy_error_from_a_view_is_the_branded_chinese_page_with_its_status(client):
    """A GgzyError escaping any HTML view: the one branded page with its HTTP status, code and message."""
    response = client.get("/test-web/conflict/")
    assert response.status_code == 409
    body = response.content.decode()
    assert SITE_NAME in body and "无法完成操作" in body
    assert "当前状态（已发布）不允许此操作" in body and "invalid_state" in body
    assert [t.name for t in response.templates][0] == "refusal.html"


def test_not_found_keeps_its_status(client):
    response = client.get("/test-web/not-found/")
    assert response.status_code == 404
    assert "对象不存在或您无权查看" in response.content.decode()


def test_not_authenticated_goes_to_the_login_page(client):
    response = client.get("/test-web/login/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"{django_settings.LOGIN_URL}?next=/test-web/login/")


def test_api_paths_keep_the_json_error_shape(client):
    """The page middleware leaves /api/ alone: a refused API call is still {code, message, details}."""
    response = client.post("/api/v1/tenders", data="{}", content_type="application/json")
    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()) == {"code", "message", "details"}


@pytest.mark.parametrize(
    "template",
    [
        "parties/refused.html",
        "experts/refused.html",
        "evaluation/refused.html",
        "exchange/error.html",
        "core/request_refused.html",
    ],
)
def test_the_per_app_refusal_templates_are_gone(template):
    """One page for every refusal: the per-app refusal templates no longer exist."""
    with pytest.raises(TemplateDoesNotExist):
        get_template(template)


def test_a_service_refusal_on_a_real_page_uses_the_one_page(client):
    """A page that used its own refusal template (experts' public draw) now shows the one page (404)."""
    response = client.get("/draws/NO-SUCH-DRAW/public/")
    assert response.status_code == 404
    assert [t.name for t in response.templates][0] == "refusal.html"
