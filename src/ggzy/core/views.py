from __future__ import annotations

from django.shortcuts import render

from .audit_selectors import recent_seals, seal_summary


def audit_page(request):
    """Public page: the latest sealed root, so outsiders can compare it with what they recorded."""
    return render(request, "core/audit.html", {"summary": seal_summary(), "seals": recent_seals(limit=20)})
