"""The request edge: input no service should ever see is refused here, once, for every interface.

* Control characters. U+0000 cannot be stored by PostgreSQL (a 500) and is stored as-is by SQLite; the
  other C0 controls and lone UTF-16 surrogates are never meaningful either. URLs (path parameters, query
  string) allow none of them; bodies (form fields, JSON strings and keys) keep tab, newline and CR for
  free text. Refusal: 422 ``invalid_characters`` naming the field (JSON members by their dotted path).
* JSON bodies (``loads_json``, the API's parser and the endpoints that read their own stream): nesting
  deeper than ``MAX_JSON_DEPTH`` is 400 ``json_too_deep`` — before Python's recursion limit turns it into
  a 500 somewhere downstream — and NaN/Infinity, which are not JSON, are 422 ``invalid_number``.
* Form bodies over Django's upload limits: 413 ``request_too_large`` / 400 ``too_many_fields``.
* Every 429 leaves with a ``Retry-After`` header (the throttle's own delay, else a default).

API paths get the error shape ``{code, message, details}``; HTML pages get a Chinese page.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from ninja.parser import Parser

from .exceptions import DEFAULT_RETRY_AFTER_SECONDS, BadRequest, GgzyError, InvalidInput, PayloadTooLarge
from .web import error_page, is_api_request

MAX_JSON_DEPTH = 64
URL_FORBIDDEN = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")
TEXT_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")  # tab, LF, CR allowed
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _printable(name: str) -> str:
    return name.encode("unicode_escape").decode("ascii")[:100]


def invalid_characters(field: str) -> InvalidInput:
    return InvalidInput(
        f"“{field}”含有不允许的控制字符（如 U+0000），请删除后重新提交",
        code="invalid_characters",
        details={"field": field},
    )


def check_text(value: str, field: str, *, pattern: re.Pattern = TEXT_FORBIDDEN) -> None:
    if pattern.search(value):
        raise invalid_characters(field)


def json_too_deep() -> BadRequest:
    return BadRequest(
        f"JSON 嵌套层级过深（最多 {MAX_JSON_DEPTH} 层）",
        code="json_too_deep",
        details={"maxDepth": MAX_JSON_DEPTH},
    )


def request_too_large() -> PayloadTooLarge:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return PayloadTooLarge(f"提交的数据过大（上限 {limit} 字节），请减小后重试", details={"maxBytes": limit})


def check_json(data: Any) -> None:
    """Walk a decoded JSON document without recursion: depth, strings (values and keys), numbers."""
    stack: list[tuple[Any, tuple[str, ...]]] = [(data, ())]
    while stack:
        value, path = stack.pop()
        if len(path) > MAX_JSON_DEPTH:
            raise json_too_deep()
        if isinstance(value, str):
            check_text(value, ".".join(path))
        elif isinstance(value, float):
            if not math.isfinite(value):
                field = ".".join(path)
                raise InvalidInput(
                    f"“{field}”不是有效的数字（不接受 NaN 或 Infinity）",
                    code="invalid_number",
                    details={"field": field},
                )
        elif isinstance(value, dict):
            for key, item in value.items():
                if TEXT_FORBIDDEN.search(key):
                    raise invalid_characters(".".join((*path, _printable(key))))
                stack.append((item, (*path, key)))
        elif isinstance(value, list):
            stack.extend((item, (*path, str(i))) for i, item in enumerate(value))


def loads_json(raw: bytes | str) -> Any:
    """``json.loads`` for untrusted bodies. Raises ``ValueError`` for text that is not JSON (callers already
    map it), ``BadRequest``/``InvalidInput`` for JSON the platform refuses."""
    try:
        data = json.loads(raw)
    except RecursionError as exc:
        raise json_too_deep() from exc
    check_json(data)
    return data


class EdgeJsonParser(Parser):
    """The API's body parser (django-ninja): every JSON body goes through ``loads_json``."""

    def parse_body(self, request: HttpRequest):
        return loads_json(request.body)


def refusal_response(request: HttpRequest, exc: GgzyError) -> HttpResponse:
    if is_api_request(request):
        return JsonResponse(exc.as_dict(), status=exc.status, json_dumps_params={"ensure_ascii": False})
    return error_page(request, exc)


def _check_query_and_form(request: HttpRequest) -> None:
    for key, values in request.GET.lists():
        field = _printable(key)
        check_text(key, field, pattern=URL_FORBIDDEN)
        for value in values:
            check_text(value, field, pattern=URL_FORBIDDEN)
    if request.method != "POST" or request.content_type not in FORM_CONTENT_TYPES:
        return
    for key, values in request.POST.lists():
        field = _printable(key)
        check_text(key, field)
        for value in values:
            check_text(value, field)
    for key, files in request.FILES.lists():
        for upload in files:
            check_text(upload.name or "", _printable(key), pattern=URL_FORBIDDEN)


class RequestEdgeMiddleware:
    """Query string, form fields (and their size) before any view; path parameters in ``process_view``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            _check_query_and_form(request)
        except GgzyError as exc:
            return refusal_response(request, exc)
        except RequestDataTooBig:
            return refusal_response(request, request_too_large())
        except (TooManyFieldsSent, TooManyFilesSent):
            return refusal_response(request, BadRequest("提交的字段或文件过多", code="too_many_fields"))
        except MultiPartParserError:
            return refusal_response(
                request, BadRequest("无法解析提交的表单数据（multipart 格式错误）", code="invalid_multipart")
            )
        response = self.get_response(request)
        if response.status_code == 429 and not response.has_header("Retry-After"):
            # Every throttle should say when to come back; this is the floor for one that did not.
            response["Retry-After"] = str(DEFAULT_RETRY_AFTER_SECONDS)
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        for name, value in view_kwargs.items():
            if isinstance(value, str) and URL_FORBIDDEN.search(value):
                return refusal_response(request, invalid_characters(name))
            if _is_id(name) and _beyond_bigint(value):
                # Names nothing that can exist; refused the same way on every database (SQLite would overflow).
                return refusal_response(
                    request,
                    InvalidInput("数值超出允许范围", code="value_out_of_range", details={"field": name}),
                )
        return None


MAX_ID = 2**63 - 1


def _is_id(name: str) -> bool:
    return name == "id" or name == "pk" or name.endswith("_id")


def _beyond_bigint(value: Any) -> bool:
    if isinstance(value, int):
        return value > MAX_ID
    return isinstance(value, str) and value.isascii() and value.isdigit() and int(value) > MAX_ID
