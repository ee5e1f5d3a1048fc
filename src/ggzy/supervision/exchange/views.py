from __future__ import annotations

from django.shortcuts import render

from ggzy.core.legal_rules import cite
from ggzy.parties.permissions import roles_required
from ggzy.parties.roles import SUPERVISORS

from . import quality, selectors
from .web import parse_month


@roles_required(*SUPERVISORS)
def quality_page(request):
    month = parse_month(request.GET.get("month"))
    rows = selectors.quality_by_month(user=request.user, month=month)
    return render(
        request,
        "exchange/quality.html",
        {
            "month": month,
            "rows": rows,
            "limit_days": quality.timeliness_working_days(),
            "limit_rule": cite(quality.TIMELINESS_RULE),
        },
    )
