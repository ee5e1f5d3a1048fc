"""The one JSON API (/api/v1/). Each app contributes ``router`` from its ``api.py``.

Errors always have the shape ``{"code", "message", "details"}``.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from ggzy.core.discovery import app_modules
from ggzy.core.exceptions import GgzyError
from ggzy.core.openapi import GgzyNinjaAPI
from ggzy.core.request_edge import EdgeJsonParser, request_too_large

log = logging.getLogger(__name__)

# GgzyNinjaAPI: every operation documents its refusals with the Error schema (see core/openapi.py).
api = GgzyNinjaAPI(
    title="上海市公共资源交易平台 API",
    version="1",
    description="ggzy — 一网三平台的 JSON 接口。错误统一为 {code, message, details}。",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    parser=EdgeJsonParser(),  # JSON depth, control characters, NaN: refused before any schema sees the body
)


def _error(request, status: int, code: str, message: str, details: dict | None = None):
    return api.create_response(
        request, {"code": code, "message": message, "details": details or {}}, status=status
    )


@api.exception_handler(GgzyError)
def _ggzy_error(request, exc: GgzyError):
    response = _error(request, exc.status, exc.code, exc.message, exc.details)
    retry_after = exc.details.get("retryAfterSeconds")
    if exc.status in (429, 503) and isinstance(retry_after, int) and retry_after > 0:
        response["Retry-After"] = str(retry_after)  # RFC 9110 §10.2.3
    return response


@api.exception_handler(RequestDataTooBig)
def _too_large(request, exc):
    return _ggzy_error(request, request_too_large())


@api.exception_handler(MultiPartParserError)
def _bad_multipart(request, exc):
    # e.g. Content-Type: multipart/form-data without a boundary
    return _error(request, 400, "invalid_multipart", "请求体不是有效的 multipart/form-data")


@api.exception_handler(OverflowError)
def _out_of_range(request, exc):
    # An id or number beyond what the database stores (SQLite: 64-bit INTEGER) names nothing that exists.
    return _error(request, 422, "value_out_of_range", "数值超出允许范围")


@api.exception_handler(NinjaValidationError)
def _validation_error(request, exc: NinjaValidationError):
    errors = []
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", []) if p not in ("body", "payload")]
        errors.append({"path": ".".join(loc), "message": err.get("msg", ""), "type": err.get("type", "")})
    return _error(request, 422, "invalid_input", "请求数据格式不正确", {"errors": errors})


@api.exception_handler(AuthenticationError)
def _auth_error(request, exc):
    return _error(request, 401, "not_authenticated", "请先登录或提供有效的 API 令牌")


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, 404, "not_found", "对象不存在或您无权查看")


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    if isinstance(exc.__cause__, GgzyError):  # ninja wraps the body parser's refusal in a generic 400
        return _ggzy_error(request, exc.__cause__)
    codes = {
        400: "bad_request",
        403: "forbidden",
        404: "not_found",
        405: "method_not_allowed",
        429: "throttled",
    }
    return _error(request, exc.status_code, codes.get(exc.status_code, "error"), str(exc.message))


@api.exception_handler(Exception)
def _unexpected(request, exc):
    log.exception("unhandled API error")
    if settings.DEBUG:
        raise exc
    return _error(request, 500, "internal_error", "系统内部错误，请稍后重试或联系交易中心")


# Each app's ``api.py`` contributes a ``router``, in INSTALLED_APPS order with core last (found by Django's
# autodiscover_modules; the order fixes the OpenAPI document's order).
for _config, _mod in app_modules("api", last=("ggzy.core",)):
    api.add_router("/", _mod.router)
