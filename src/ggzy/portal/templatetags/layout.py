"""The site layout's tags (``base.html``): the current navigation entry by URL name, the page language and
the other language's switch, and who sees the supervision entry — no literal paths or role strings."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from ggzy.parties.roles import may_supervise as _may_supervise

register = template.Library()

# The languages the switch offers: code → (html ``lang``, the button's label in that language).
LANGUAGES = {"zh-hans": ("zh-Hans", "中文"), "en": ("en", "English")}


def _current() -> str:
    return "en" if (translation.get_language() or "").startswith("en") else "zh-hans"


@register.simple_tag(takes_context=True)
def nav_current(context, url_name: str, exact: bool = False) -> str:
    """``aria-current="page"`` when the request is at (``exact``) or below the named URL."""
    request = context.get("request")
    if request is None:
        return ""
    url = reverse(url_name)
    here = request.path == url if exact else request.path.startswith(url)
    return mark_safe('aria-current="page"') if here else ""


@register.simple_tag
def html_lang() -> str:
    return LANGUAGES[_current()][0]


@register.simple_tag
def other_language() -> dict[str, str]:
    """The language the switch offers: ``code`` (for ``set_language``), ``lang`` and ``label``."""
    code = "zh-hans" if _current() == "en" else "en"
    lang, label = LANGUAGES[code]
    return {"code": code, "lang": lang, "label": label}


@register.filter
def may_supervise(user) -> bool:
    """The supervision entry (综合监管): the roles its pages admit."""
    return _may_supervise(user)
