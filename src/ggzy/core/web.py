"""The one web layer: how an HTML page turns a service refusal (``GgzyError``) into something a person reads.

* ``run_form`` — a write form: valid input goes to one service call; success redirects (with a message);
  a refusal goes back onto the form — on the field named by ``details["field"]`` (API camelCase names are
  mapped to the form's snake_case fields) or at the top — and the form is re-rendered with what was typed
  (422). Button forms with no page of their own (``template=None``) flash the refusal and go back instead.
  Repeatable rows (sections, scoring items, draw lines) are formsets passed alongside the form (``formsets=``):
  each row validated on its own fields, a refusal naming a row (``sections.2.estimatedPrice``) put on that row,
  and an "add a row" submit button (``name="add_row" value="<prefix>"``) re-renders with one more blank row —
  no JavaScript needed.
  "You may not" / "does not exist" refusals (401/403/404) are not form errors: they propagate to the page below.
* ``Button`` / ``button_view`` — the buttons of a page (publish, register, sign…) as one table per page: each
  row names its form, its one service and what is said after; one view per table (``button_view``) answers
  the row its URL names (``TENDER_ACTIONS``, ``SECTION_ACTIONS``, ``COMMITTEE_ACTIONS``).
* ``GgzyErrorPageMiddleware`` — any ``GgzyError`` escaping an HTML view becomes the one branded Chinese page
  (``refusal.html``, on ``error_base.html``) with the error's status, code and message; ``NotAuthenticated``
  sends the visitor to the login page. API paths are left to the API's own error mapping.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.forms.formsets import DELETION_FIELD_NAME, BaseFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import clock
from .exceptions import GgzyError, NotAuthenticated
from .money import parse_money

API_PREFIX = "/api/"
# Refusals that say "you may not" or "no such thing": a page of their own, never a form error.
PAGE_STATUSES = frozenset({401, 403, 404})

_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")
_ROW_FIELD = re.compile(r"^(?P<prefix>\w+)\.(?P<index>\d+)(?:\.(?P<field>\w+))?$")
ADD_ROW = "add_row"


def is_api_request(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def refusal_text(error: GgzyError) -> str:
    """The Chinese message, with the earliest legal date when the refusal names one."""
    earliest = error.details.get("earliestDate")
    if earliest and str(earliest) not in error.message:
        return f"{error.message}（最早：{earliest}）"
    return error.message


def error_page(request: HttpRequest, error: GgzyError) -> HttpResponse:
    """The one branded page for a refusal: status, stable code and Chinese message."""
    response = render(request, "refusal.html", {"error": error}, status=error.status)
    retry_after = error.details.get("retryAfterSeconds")
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def form_field_for(form: forms.BaseForm, field: Any) -> str | None:
    """The form field a service error's ``details["field"]`` names (``tenderPeriodEnd`` → ``tender_period_end``,
    or the form's own ``error_fields`` mapping), else ``None`` (a non-field error)."""
    if not field:
        return None
    name = str(field)
    mapped = getattr(form, "error_fields", {}).get(name)
    for candidate in (mapped, name, _CAMEL.sub("_", name).lower()):
        if candidate and candidate in form.fields:
            return candidate
    return None


class RowsFormSet(BaseFormSet):
    """Repeatable rows mirroring a list in an API input schema. ``row_base`` is how the service counts rows in
    its refusals (``sections.1.…`` counts from 1, ``items.0.…`` from 0); ``row_detail`` the details key a
    refusal names a row with when it names no field (``{"item": 2}``)."""

    row_base = 0
    row_detail: str | None = None
    deletion_field_name = DELETION_FIELD_NAME  # the page renders it as "删除此行"
    default_error_messages = {
        "missing_management_form": "表单数据不完整，请刷新页面后重试",
        "too_many_forms": "行数过多",
        "too_few_forms": "请至少填写一行",
    }

    def kept_forms(self) -> list[forms.BaseForm]:
        """The rows sent to the service, in order: filled in and not marked for deletion."""
        return [
            f
            for f in self.forms
            if f.has_changed() and not (self.can_delete and f.cleaned_data.get("DELETE"))
        ]

    def rows(self) -> list[dict[str, Any]]:
        return [{k: v for k, v in f.cleaned_data.items() if k != "DELETE"} for f in self.kept_forms()]

    def row_for(self, index: Any) -> forms.BaseForm | None:
        kept = self.kept_forms()
        try:
            position = int(index) - self.row_base
        except (TypeError, ValueError):
            return None
        return kept[position] if 0 <= position < len(kept) else None


def formset_for(
    formset_class: type[BaseFormSet], request: HttpRequest, *, prefix: str, initial=None
) -> BaseFormSet:
    """The formset of a page: bound on POST (with one more blank row when the "add a row" button named this
    prefix), else unbound with ``initial`` rows."""
    if request.method != "POST":
        return formset_class(prefix=prefix, initial=initial)
    data = request.POST
    if data.get(ADD_ROW) == prefix:
        data = data.copy()
        key = f"{prefix}-TOTAL_FORMS"
        try:
            total = int(data.get(key) or 0)
        except ValueError:
            total = 0
        data[key] = str(min(total + 1, formset_class.absolute_max))
    return formset_class(data, prefix=prefix)


def attach_error(
    form: forms.BaseForm, error: GgzyError, formsets: Mapping[str, BaseFormSet] | None = None
) -> None:
    text = refusal_text(error)
    field = error.details.get("field")
    for name, formset in (formsets or {}).items():
        match = _ROW_FIELD.match(str(field or ""))
        if match and match["prefix"] == name:
            row = formset.row_for(match["index"])
            if row is not None:
                row.add_error(form_field_for(row, match["field"]), text)
                return
        detail = getattr(formset, "row_detail", None)
        if detail and detail in error.details:
            row = formset.row_for(error.details[detail])
            if row is not None:
                row.add_error(None, text)
                return
    form.add_error(form_field_for(form, field), text)


def _resolve(value, result):
    return value(result) if callable(value) else value


def run_form(
    request: HttpRequest,
    form: forms.BaseForm,
    action: Callable[[dict[str, Any]], Any],
    *,
    success_url: str | Callable[[Any], str],
    success_message: str | Callable[[Any], str] | None = None,
    template: str | None = None,
    context: Mapping[str, Any] | None = None,
    failure_url: str | None = None,
    formsets: Mapping[str, BaseFormSet] | None = None,
) -> HttpResponse:
    """Call ``action(form.cleaned_data)`` for a bound form and answer the request.

    * success → redirect to ``success_url`` (a callable receives the action's result), flashing
      ``success_message``; an action returning an ``HttpResponse`` (a download) is answered as is;
    * invalid input or a refusal → with ``template``: the form re-rendered with the error on its field (422);
      without: the message flashed and a redirect to ``failure_url`` (default ``success_url``);
    * 401/403/404 refusals propagate to ``GgzyErrorPageMiddleware``.
    ``formsets`` (rows by name): the action receives each as a list of row dicts under its name; every row is
    validated; an "add a row" submit re-renders (200) without calling the action.
    A GET (unbound form) just renders ``template``.
    """
    formsets = formsets or {}
    page = {**(context or {}), "form": form, **formsets}
    if not form.is_bound:
        return render(request, template, page)
    if request.POST.get(ADD_ROW) in formsets:
        return render(request, template, page)
    valid = [form.is_valid(), *(formset.is_valid() for formset in formsets.values())]
    if all(valid):
        try:
            result = action({**form.cleaned_data, **{name: fs.rows() for name, fs in formsets.items()}})
        except GgzyError as error:
            if error.status in PAGE_STATUSES:
                raise
            attach_error(form, error, formsets)
        else:
            if isinstance(result, HttpResponse):
                return result
            if success_message:
                messages.success(request, _resolve(success_message, result))
            return redirect(_resolve(success_url, result))
    if template is None:
        for text in form.non_field_errors() or [e for errors in form.errors.values() for e in errors][:1]:
            messages.error(request, text)
        return redirect(failure_url or _resolve(success_url, None))
    return render(request, template, page, status=422)


@dataclass(frozen=True)
class Button:
    """One row of a page's button table: the form (a form class bound to the POST, or ``form(post, target)``
    for a form that needs the object), the one service — called as ``service(actor=…, <target>=…, **form
    data, **other URL arguments)`` — the message said after (a callable receives the service's result) and,
    when it differs from the table's, where to go after: ``back(target, result)``, ``result`` ``None`` after
    a refusal."""

    form: Callable[..., forms.BaseForm]
    service: Callable[..., Any]
    success: str | Callable[[Any], str] | None = None
    back: Callable[[Any, Any], str] | None = None

    def bound_form(self, post, target) -> forms.BaseForm:
        if isinstance(self.form, type) and issubclass(self.form, forms.BaseForm):
            return self.form(post)
        return self.form(post, target)


def button_view(
    table: Mapping[str, Button],
    load: Callable[[HttpRequest, Any], Any],
    *,
    target: str,
    back: Callable[[Any, Any], str],
) -> Callable[..., HttpResponse]:
    """The one view of a page's button table (a logged-in POST; the URLconf passes ``action``, the row):
    ``load(request, <target>)`` fetches the object the URL argument ``target`` (``tender_id``) names — refusing
    what the viewer may not see — and the service receives it as ``tender``; other URL arguments go to the
    service as they are. Success and refusals (flashed) both go ``back`` to the page."""
    name = target.removesuffix("_id")

    @require_POST
    @login_required
    def view(request: HttpRequest, action: str, **kwargs: Any) -> HttpResponse:
        button = table[action]
        obj = load(request, kwargs.pop(target))
        go_back = button.back or back
        return run_form(
            request,
            button.bound_form(request.POST, obj),
            lambda data: button.service(actor=request.user, **{name: obj}, **data, **kwargs),
            success_url=lambda result: go_back(obj, result),
            failure_url=go_back(obj, None),
            success_message=button.success,
        )

    return view


class GgzyErrorPageMiddleware:
    """Any ``GgzyError`` escaping an HTML view: the one branded page (anonymous visitors: the login page)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, GgzyError) or is_api_request(request):
            return None
        if isinstance(exception, NotAuthenticated):
            return redirect_to_login(request.get_full_path())
        return error_page(request, exception)


class LocalDateTimeField(forms.DateTimeField):
    """A ``datetime-local`` input: ISO text, read as Asia/Shanghai when it carries no offset."""

    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
    default_error_messages = {"invalid": "时间格式不正确"}

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            try:
                moment = dt.datetime.fromisoformat(value.strip())
            except ValueError:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
            return moment if moment.tzinfo else moment.replace(tzinfo=clock.SHANGHAI)
        return super().to_python(value)


class MoneyField(forms.CharField):
    """An amount in 元 (``1,234.50`` accepted), read by the same parser as the API (``core.money``); whether
    the amount is acceptable (zero, a ceiling under the estimate…) is the service's to say."""

    def __init__(self, *, label: str = "金额", **kwargs):
        super().__init__(label=label, **kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off", "maxlength": "30"})

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return parse_money(value, field=self.label, label=str(self.label), allow_zero=True)
        except GgzyError as error:
            raise forms.ValidationError(error.message, code=error.code) from None
