"""The OpenAPI document of /api/v1/ as generated clients need it.

django-ninja documents only the statuses an endpoint returns itself, names components after their class
(silently keeping one of two classes that share a name) and marks an endpoint with an anonymous fallback in
its auth list as requiring credentials. ``GgzyNinjaAPI`` builds the document with three rules instead:

* every operation lists the refusals it can give, all with the one ``Error`` schema
  (``{"code", "message", "details"}``, the shape ``config/api.py`` maps every exception to);
* two different schemas may not share a component name: building the document fails (the contract test
  in tests/core/test_openapi_contract.py builds it);
* an operation whose auth list ends in an anonymous fallback says so with an empty security requirement
  (``{}``): credentials are optional there.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from ninja import NinjaAPI, Schema
from ninja.openapi.schema import REF_TEMPLATE, OpenAPISchema
from ninja.schema import NinjaGenerateJsonSchema

ERROR_REF = REF_TEMPLATE.format(model="Error")

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

ERROR_DESCRIPTIONS = {
    400: "请求无法处理（如游标无效、请求体不是 JSON）",
    401: "未登录或 API 令牌无效",
    403: "无权执行此操作",
    404: "对象不存在或您无权查看",
    409: "当前状态不允许此操作",
    413: "请求体过大",
    422: "请求数据格式不正确或不符合业务规则（details.errors 逐项说明）",
    429: "尝试次数过多，请稍后再试（见 Retry-After）",
}


class Error(Schema):
    """Every refusal of the API."""

    code: str
    message: str
    details: dict[str, Any]


def _error_schema() -> dict:
    return Error.model_json_schema(
        ref_template=REF_TEMPLATE, schema_generator=NinjaGenerateJsonSchema, mode="serialization"
    )


def _has_anonymous_fallback(operation) -> bool:
    return any(not hasattr(cb, "openapi_security_schema") for cb in operation.auth_callbacks)


def error_statuses(operation) -> set[int]:
    """The refusals an operation can give, from what it is: method, and whether credentials are involved.

    Every operation: 400 (malformed request), 404, 422 (validation or a broken rule), 429 (throttled:
    login, registration and password checks, and whatever the request edge limits).
    With credentials involved (any auth) or any write: 401 (missing or invalid token) and 403.
    Writes: 409 (state does not allow it) and 413 (body too large).
    """
    statuses = {400, 404, 422, 429}
    writes = not set(operation.methods) <= SAFE_METHODS
    if operation.auth_callbacks or writes:
        statuses |= {401, 403}
    if writes:
        statuses |= {409, 413}
    return statuses


class GgzyOpenAPISchema(OpenAPISchema):
    def responses(self, operation) -> dict[int, dict]:
        result = super().responses(operation)
        statuses = error_statuses(operation)
        if statuses:
            self.add_schema_definitions({"Error": _error_schema()})
        for status in sorted(statuses):
            result.setdefault(
                status,
                {
                    "description": ERROR_DESCRIPTIONS[status],
                    "content": {self.api.renderer.media_type: {"schema": {"$ref": ERROR_REF}}},
                },
            )
            if status == 429:
                result[status].setdefault(
                    "headers",
                    {
                        "Retry-After": {
                            "description": "可再次尝试前需等待的秒数",
                            "schema": {"type": "integer", "minimum": 0},
                        }
                    },
                )
        return dict(sorted(result.items()))

    def operation_security(self, operation) -> list[dict] | None:
        security = super().operation_security(operation)
        if security and _has_anonymous_fallback(operation):
            return [{}, *security]
        return security

    def add_schema_definitions(self, definitions: dict) -> None:
        for name, schema in definitions.items():
            if name in self.schemas and self.schemas[name] != schema:
                raise ImproperlyConfigured(
                    f"two different API schemas are both named {name!r}: rename one so clients can tell them apart"
                )
        super().add_schema_definitions(definitions)


class GgzyNinjaAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict | None = None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return GgzyOpenAPISchema(api=self, path_prefix=path_prefix)
