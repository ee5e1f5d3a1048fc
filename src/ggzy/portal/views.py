from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ggzy.catalog import selectors as catalogue
from ggzy.core.audit_selectors import recent_seals
from ggzy.core.public_cache import public_page
from ggzy.hub.publication.selectors import latest_notices, notices_version

from .platforms import PLATFORMS
from .workbench import workbench_for


def _latest_seal():
    seals = recent_seals(limit=1)
    return seals[0] if seals else None


def home(request):
    # Same for every anonymous visitor: cached until a notice, the catalogue in force or the latest seal changes.
    version = catalogue.current_catalogue()
    seal = _latest_seal()
    key = f"{notices_version()}|{version.pk if version else 0}|{seal.seq if seal else 0}"
    return public_page(request, version=key, render=lambda: _home(request, version, seal))


def _home(request, version, seal):
    entries = list(catalogue.version_entries(version))
    return render(
        request,
        "portal/home.html",
        {
            "platforms": PLATFORMS,
            "version": version,
            "entries": entries,
            "subplatforms": catalogue.platforms_with_entries(version),
            "comprehensive_count": sum(1 for e in entries if e.on_comprehensive_system),
            "notices": latest_notices(8),
            "seal": seal,
        },
    )


@login_required
def workbench(request):
    return render(request, "portal/workbench.html", {"section": workbench_for(request.user)})
