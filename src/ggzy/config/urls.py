from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from ggzy.core.discovery import app_modules

from .api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

# Each app with HTML pages contributes ``urlpatterns`` from its ``urls.py``, in INSTALLED_APPS order
# (core, then portal last: it owns "/").
for _config, urls_module in app_modules("urls", last=("ggzy.core", "ggzy.portal")):
    urlpatterns.append(path("", include(urls_module)))
