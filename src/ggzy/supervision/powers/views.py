from __future__ import annotations

from django.shortcuts import render

from . import selectors


def powers_index(request):
    """Public: the 权责清单 per department, each power linked to the workflow that exercises it."""
    return render(request, "powers/index.html", {"departments": selectors.departments()})
