"""Marking the searched words in a title or a body excerpt — escaped first, then ``<mark>``-ed."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SNIPPET_CHARS = 90


def _pattern(terms: list[str]) -> re.Pattern | None:
    terms = [t for t in terms if t]
    if not terms:
        return None
    # Longest first, so 城市道路 is marked whole rather than as 城市 + 道路.
    return re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)


def highlight(text: str, terms: list[str]) -> SafeString:
    """``text`` HTML-escaped, with every occurrence of a search word wrapped in ``<mark>``."""
    pattern = _pattern(terms)
    if pattern is None:
        return mark_safe(escape(text))  # noqa: S308 — escaped just here
    out: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 — every piece escaped above


def snippet(body: str, terms: list[str], *, chars: int = SNIPPET_CHARS) -> SafeString:
    """An excerpt of ``body`` around the first searched word (the opening when none), highlighted."""
    body = " ".join(body.split())
    pattern = _pattern(terms)
    match = pattern.search(body) if pattern else None
    start = max(0, match.start() - chars // 3) if match else 0
    excerpt = body[start : start + chars]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + chars < len(body) else ""
    return mark_safe(escape(prefix) + highlight(excerpt, terms) + escape(suffix))  # noqa: S308
