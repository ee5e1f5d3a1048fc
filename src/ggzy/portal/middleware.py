"""Language selection: zh-Hans by default, English only when the visitor switches.

Django's LocaleMiddleware also follows the browser's Accept-Language, so a visitor whose browser
prefers English would land on English pages; the portal's rule is 简体中文 first, English on
request (the switch in the header posts to /i18n/setlang/, which sets the language cookie).
To use it, replace ``django.middleware.locale.LocaleMiddleware`` in settings.MIDDLEWARE with
``ggzy.portal.middleware.PortalLocaleMiddleware``.
"""

from __future__ import annotations

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class PortalLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
