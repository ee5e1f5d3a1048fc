"""Caching public pages that are the same for every anonymous visitor (home, 信息公开, notices, feed).

``public_page(request, version=..., render=...)``:
- Anonymous GET: the rendered page is kept in Django's cache (Redis when ``REDIS_URL`` is set, local
  memory otherwise) under the full URL, the language and ``version`` — a value the caller reads from
  the database that changes whenever the page's content may change (for notices: the feed counter,
  moved right after every publish commits, and the newest id). Reading it from the database rather
  than from the cache keeps invalidation right with several processes on local-memory caches and when
  the worker publishes. Old entries are never deleted, they just stop being asked for and expire.
  The response says ``Cache-Control: public, max-age=GGZY_PUBLIC_CACHE_SECONDS``.
- Logged-in visitors are never served from or stored into this cache, and their pages say
  ``Cache-Control: private, no-store``: a page naming its user never reaches anyone else.
- The CSRF token of the language switch differs per visitor: it is cut out before storing and a fresh
  one for the current visitor is put in on every hit.
- A visitor with pending messages (one-off notes after an action) is served uncached.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

_CSRF_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(")')
_HOLE = rb"\1@@csrf-token@@\2"
_FILL = re.compile(rb"@@csrf-token@@")


def cache_seconds() -> int:
    return int(getattr(settings, "GGZY_PUBLIC_CACHE_SECONDS", 60))


def _age(seconds: int, max_age: int | None) -> int:
    return seconds if max_age is None else min(seconds, max_age)


def _pending_messages(request: HttpRequest) -> bool:
    session = getattr(request, "session", None)
    return "messages" in request.COOKIES or (session is not None and "_messages" in session)


def mark_private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True)
    return response


def mark_public(response: HttpResponse, seconds: int) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=max(seconds, 0))
    patch_vary_headers(response, ("Cookie",))
    return response


def public_page(
    request: HttpRequest,
    *,
    version: str,
    render: Callable[[], HttpResponse],
    max_age: int | None = None,
) -> HttpResponse:
    """``render()``'s response, from the cache for anonymous visitors; ``max_age`` (default: the cache
    time) is what browsers and proxies are told — shorter for a feed that clients poll."""
    if request.user.is_authenticated:
        return mark_private(render())
    seconds = cache_seconds()
    if request.method not in ("GET", "HEAD") or seconds <= 0 or _pending_messages(request):
        response = render()
        return (
            mark_public(response, _age(seconds, max_age))
            if seconds > 0 and response.status_code == 200
            else response
        )
    raw = f"{version}|{get_language()}|{request.get_full_path()}"
    key = "ggzy:public:" + hashlib.sha256(raw.encode()).hexdigest()
    hit = cache.get(key)
    if hit is not None:
        content, content_type = hit
        if b"@@csrf-token@@" in content:
            token = get_token(request).encode()
            content = _FILL.sub(lambda _m: token, content)
        return mark_public(HttpResponse(content, content_type=content_type), _age(seconds, max_age))
    response = render()
    if response.status_code == 200 and not response.streaming and not response.cookies:
        cache.set(key, (_CSRF_FIELD.sub(_HOLE, response.content), response["Content-Type"]), seconds)
    return mark_public(response, _age(seconds, max_age)) if response.status_code == 200 else response
