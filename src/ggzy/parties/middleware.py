"""A user holding a temporary password (operator reset) must choose a new one before anything else."""

from __future__ import annotations

from urllib.parse import quote

from django.http import JsonResponse
from django.shortcuts import redirect

PASSWORD_PAGE = "/account/password/"
# Paths open to such a user: the change itself (page and API), logging out, and what pages need to render.
ALLOWED_PREFIXES = (PASSWORD_PAGE, "/api/v1/me/password", "/logout/", "/static/", "/i18n/")


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "must_change_password", False)
            and not request.path.startswith(ALLOWED_PREFIXES)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"code": "password_change_required", "message": "请先修改临时密码", "details": {}},
                    status=403,
                )
            return redirect(f"{PASSWORD_PAGE}?next={quote(request.get_full_path())}")
        return self.get_response(request)
