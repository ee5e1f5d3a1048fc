from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ggzy.catalog import selectors as catalogue
from ggzy.hub.publication.selectors import latest_notices

from .platforms import PLATFORMS
from .workbench import workbench_for


def _latest_seal():
    try:
        from ggzy.core.audit_selectors import recent_seals
    except ImportError:
        return None
    seals = recent_seals(limit=1)
    return seals[0] if seals else None


def home(request):
    version = catalogue.current_catalogue()
    entries = list(catalogue.version_entries(version))
    return render(request, "portal/home.html", {
        "platforms": PLATFORMS,
        "version": version,
        "entries": entries,
        "subplatforms": catalogue.platforms_with_entries(version),
        "comprehensive_count": sum(1 for e in entries if e.on_comprehensive_system),
        "notices": latest_notices(8),
        "seal": _latest_seal(),
    })


@login_required
def workbench(request):
    return render(request, "portal/workbench.html", {"section": workbench_for(request.user)})
