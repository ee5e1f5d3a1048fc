"""One exception hierarchy for the whole platform.

Services raise these; the JSON API maps them once to ``{"code", "message", "details"}``
(see ``ggzy.config.api``) and HTML views show ``message`` as a form/page error.
``code`` is stable (clients and auditors match on it); ``message`` is Chinese for people.
"""

from __future__ import annotations

from typing import Any


class GgzyError(Exception):
    status = 400
    default_code = "bad_request"
    default_message = "请求无法处理"

    def __init__(
        self, message: str | None = None, *, code: str | None = None, details: dict[str, Any] | None = None
    ):
        self.code = code or self.default_code
        self.message = message or self.default_message
        self.details = details or {}
        super().__init__(f"{self.code}: {self.message}")

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "details": self.details}


class BadRequest(GgzyError):
    """The request itself is malformed: a tampered cursor, unreadable or too deeply nested JSON (HTTP 400)."""

    status = 400


class InvalidInput(GgzyError):
    """The request is well-formed but a value breaks a rule (HTTP 422)."""

    status = 422
    default_code = "invalid_input"
    default_message = "提交的数据不符合要求"


class NotAuthenticated(GgzyError):
    status = 401
    default_code = "not_authenticated"
    default_message = "请先登录"


class Forbidden(GgzyError):
    status = 403
    default_code = "forbidden"
    default_message = "您无权执行此操作"


class NotFound(GgzyError):
    """Also used when the object exists but the caller may not know it does."""

    status = 404
    default_code = "not_found"
    default_message = "对象不存在或您无权查看"


class Conflict(GgzyError):
    """The object is not in a state that allows the action (e.g. deadline passed)."""

    status = 409
    default_code = "conflict"
    default_message = "当前状态不允许此操作"


class PayloadTooLarge(GgzyError):
    status = 413
    default_code = "request_too_large"
    default_message = "提交的数据过大，请减小后重试"


DEFAULT_RETRY_AFTER_SECONDS = 60


class Throttled(GgzyError):
    """``retry_after`` (seconds) becomes the ``Retry-After`` header and ``details.retryAfterSeconds``."""

    status = 429
    default_code = "throttled"
    default_message = "尝试次数过多，请稍后再试"

    def __init__(
        self,
        message: str | None = None,
        *,
        retry_after: int | None = None,
        code: str | None = None,
        details: dict[str, Any] | None = None,
    ):
        details = dict(details or {})
        if retry_after is None:
            retry_after = details.get("retryAfterSeconds") or DEFAULT_RETRY_AFTER_SECONDS
        self.retry_after = max(1, int(retry_after))
        details["retryAfterSeconds"] = self.retry_after
        super().__init__(message, code=code, details=details)


class ServiceBusy(GgzyError):
    """The server is at capacity for this kind of request (e.g. concurrent bid uploads); retry later.
    ``details.retryAfterSeconds`` becomes the ``Retry-After`` header."""

    status = 503
    default_code = "service_busy"
    default_message = "系统繁忙，请稍后重试"
