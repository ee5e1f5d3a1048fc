from __future__ import annotations

from .context import RequestContext, client_ip, reset_context, set_context


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        channel = "api" if request.path.startswith("/api/") else "web"
        token = set_context(
            RequestContext(
                ip=client_ip(request),
                channel=channel,
                user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
            )
        )
        try:
            return self.get_response(request)
        finally:
            reset_context(token)
