"""``GET /api/v1/statistics/indicators`` — the dashboard's figures as JSON (same scope rules)."""

from __future__ import annotations

from ninja import Router

from ggzy.parties.auth import API_AUTH
from ggzy.parties.permissions import require_role
from ggzy.parties.roles import Role

from . import dashboard

router = Router(tags=["statistics"])


@router.get("/statistics/indicators", auth=API_AUTH)
def get_indicators(
    request,
    dimension: str = "month",
    category: str = "",
    district: str = "",
    month_from: str = "",
    month_to: str = "",
):
    require_role(request.user, Role.ADMIN, Role.REGULATOR)
    filters = dashboard.Filters.from_query(
        {
            "dimension": dimension,
            "category": category,
            "district": district,
            "from": month_from,
            "to": month_to,
        }
    )
    return dashboard.to_json(dashboard.build(user=request.user, filters=filters))
