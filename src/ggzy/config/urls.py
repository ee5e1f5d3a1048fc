from __future__ import annotations

import importlib

from django.contrib import admin
from django.urls import include, path

from .api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

# Each app with HTML pages contributes ``urlpatterns`` from its ``urls.py`` (portal last: it owns "/").
for module in [
    "ggzy.parties",
    "ggzy.catalog",
    "ggzy.trading.tendering",
    "ggzy.trading.evaluation",
    "ggzy.hub.experts",
    "ggzy.hub.publication",
    "ggzy.supervision.exchange",
    "ggzy.supervision.redflags",
    "ggzy.supervision.statistics",
    "ggzy.core",
    "ggzy.portal",
]:
    try:
        urls_module = importlib.import_module(f"{module}.urls")
    except ModuleNotFoundError as exc:
        if exc.name != f"{module}.urls":
            raise
        continue
    urlpatterns.append(path("", include(urls_module)))
