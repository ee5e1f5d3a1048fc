from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from ggzy.core.public_cache import public_page

from . import selectors
from .models import COMPREHENSIVE_NAME, PLATFORM_PREFIX, CatalogueEntry, CatalogueVersion


def _chosen_version(request) -> CatalogueVersion | None:
    label = request.GET.get("version")
    if label:
        version = selectors.published_versions().filter(label=label).first()
        if version is None:
            raise Http404("目录版本不存在")
        return version
    return selectors.current_catalogue()


def catalogue_index(request):
    # The same page for every anonymous visitor until the catalogue changes (core.public_cache).
    return public_page(
        request, version=selectors.public_pages_version(), render=lambda: _catalogue_index(request)
    )


def _catalogue_index(request):
    version = _chosen_version(request)
    entries = list(selectors.version_entries(version))
    groups = []
    for value, label in CatalogueEntry.Group.choices:
        rows = [e for e in entries if e.group == value]
        if rows:
            groups.append({"code": value, "name": label, "entries": rows})
    current = selectors.current_catalogue()
    return render(
        request,
        "catalog/index.html",
        {
            "version": version,
            "is_current": version is not None and current is not None and version.pk == current.pk,
            "groups": groups,
            "entry_count": len(entries),
            "platforms": selectors.platforms_with_entries(version),
            "comprehensive_name": f"{PLATFORM_PREFIX}{COMPREHENSIVE_NAME}",
            "comprehensive_entries": [e for e in entries if e.on_comprehensive_system],
            "upcoming": selectors.upcoming_catalogue(),
            "versions": selectors.published_versions(),
        },
    )


def catalogue_entry(request, code: str):
    return public_page(
        request, version=selectors.public_pages_version(), render=lambda: _catalogue_entry(request, code)
    )


def _catalogue_entry(request, code: str):
    version = _chosen_version(request)
    entry = selectors.version_entries(version).filter(code=code.upper()).first()
    if entry is None:
        raise Http404("目录条目不存在")
    return render(request, "catalog/entry.html", {"entry": entry, "version": version})
