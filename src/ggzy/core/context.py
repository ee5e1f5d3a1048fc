"""Who is acting, from where: set once per request (or CLI/worker run), read by the audit writer."""

from __future__ import annotations

import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip: str = ""
    channel: str = "system"  # web | api | cli | worker | system
    user_agent: str = ""


_current: contextvars.ContextVar[RequestContext] = contextvars.ContextVar(
    "ggzy_request_context", default=RequestContext()
)


def current() -> RequestContext:
    return _current.get()


def set_context(ctx: RequestContext) -> contextvars.Token:
    return _current.set(ctx)


def reset_context(token: contextvars.Token) -> None:
    _current.reset(token)


def client_ip(request) -> str:
    # Behind a trusted proxy set GGZY_TRUST_X_FORWARDED_FOR=1; otherwise the socket address is used.
    from django.conf import settings

    if getattr(settings, "GGZY_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")
