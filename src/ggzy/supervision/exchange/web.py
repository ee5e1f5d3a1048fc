"""Shared helpers of the supervision HTML pages (exchange, redflags, statistics).

``supervision_page(*roles)``: anonymous → login page; wrong role → 403 page; a ``GgzyError`` raised
by a service or selector → its Chinese message with its HTTP status (404 hides what the user may
not know exists).
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

from ggzy.core import clock
from ggzy.core.exceptions import GgzyError
from ggzy.parties.permissions import require_role


def error_page(request, error: GgzyError):
    return render(request, "exchange/error.html", {"error": error}, status=error.status)


def supervision_page(*roles: str):
    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            try:
                require_role(request.user, *roles)
                return view(request, *args, **kwargs)
            except GgzyError as error:
                return error_page(request, error)

        return wrapped

    return decorator


def parse_month(text: str | None) -> str:
    """'YYYY-MM' (validated) or the current month in Asia/Shanghai."""
    if text and re.fullmatch(r"(19|20)\d\d-(0[1-9]|1[0-2])", text):
        return text
    return clock.local_now().strftime("%Y-%m")


def month_bounds(month: str) -> tuple[dt.datetime, dt.datetime]:
    year, number = (int(part) for part in month.split("-"))
    start = dt.datetime(year, number, 1, tzinfo=clock.SHANGHAI)
    end = (start + dt.timedelta(days=32)).replace(day=1)
    return start, end
