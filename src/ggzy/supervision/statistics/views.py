from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from ggzy.parties.permissions import roles_required
from ggzy.parties.roles import SUPERVISORS, Role

from . import dashboard, indicators


@roles_required(*SUPERVISORS)
def supervision_home(request):
    return render(request, "statistics/home.html", {"is_admin": request.user.role == Role.ADMIN})


@roles_required(*SUPERVISORS)
def statistics_page(request):
    filters = dashboard.Filters.from_query(request.GET)
    board = dashboard.build(user=request.user, filters=filters)
    return render(
        request,
        "statistics/dashboard.html",
        {
            "board": board,
            "dimensions": [(k, v[0]) for k, v in indicators.DIMENSIONS.items()],
            "dimension_label": indicators.DIMENSIONS[filters.dimension][0],
            "query": request.GET.urlencode(),
        },
    )


@roles_required(*SUPERVISORS)
def statistics_csv(request):
    board = dashboard.build(user=request.user, filters=dashboard.Filters.from_query(request.GET))
    response = HttpResponse(dashboard.to_csv(board), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ggzy-statistics-{board.filters.dimension}.csv"'
    return response
