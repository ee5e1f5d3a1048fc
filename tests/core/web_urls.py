"""URLs for the one-web-layer tests: the site's own URLs plus views built on ``ggzy.core.web``."""

from django import forms
from django.urls import path

from ggzy.config.urls import urlpatterns as site_urlpatterns
from ggzy.core.exceptions import Conflict, InvalidInput, NotAuthenticated, NotFound
from ggzy.core.web import run_form


class DeadlineForm(forms.Form):
    title = forms.CharField()
    tender_period_end = forms.CharField()


def deadline_service(*, title: str, tender_period_end: str) -> None:
    """Stands in for a service: refuses like the real ones (``details.field`` in API camelCase)."""
    if tender_period_end < "2030":
        raise InvalidInput(
            "投标截止时间不得早于法定最短期限",
            code="deadline_too_early",
            details={"field": "tenderPeriodEnd", "earliestDate": "2030-01-20"},
        )
    if title == "已存在":
        raise Conflict("同名项目已存在", code="duplicate_title")


def deadline_page(request):
    return run_form(
        request,
        DeadlineForm(request.POST or None),
        lambda data: deadline_service(**data),
        template="core/test_form.html",
        context={"heading": "测试表单"},
        success_url="/test-web/form/",
        success_message="已保存",
    )


def conflict_view(request):
    raise Conflict("当前状态（已发布）不允许此操作", code="invalid_state")


def not_found_view(request):
    raise NotFound()


def login_view(request):
    raise NotAuthenticated()


urlpatterns = [
    path("test-web/form/", deadline_page),
    path("test-web/conflict/", conflict_view),
    path("test-web/not-found/", not_found_view),
    path("test-web/login/", login_view),
    *site_urlpatterns,
]
