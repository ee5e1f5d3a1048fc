"""URLs for the error-page tests: the site's own URLs plus views that fail in each way."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from ggzy.config.urls import urlpatterns as site_urlpatterns


def boom(request):
    raise RuntimeError("unexpected failure for the 500 page test")


def forbidden(request):
    raise PermissionDenied


def bad(request):
    raise SuspiciousOperation("bad request for the 400 page test")


urlpatterns = [
    path("test-errors/500/", boom),
    path("test-errors/403/", forbidden),
    path("test-errors/400/", bad),
    *site_urlpatterns,
]
