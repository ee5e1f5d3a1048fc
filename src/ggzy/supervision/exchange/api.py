"""OCDS endpoints (spec redflags.md §3).

``POST /api/v1/exchange/releases`` — a registered sub-platform pushes an OCDS release package
(spec redflags.md §3). 201 when something new was stored, 200 when every release was already known
with the same content; 422 with ``details.errors`` (one per path); 409 on a changed release.

``GET /api/v1/ocds/releases`` and ``GET /api/v1/ocds/records/{ocid}`` — public, own trading data."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest
from ninja import Router, Status

from ggzy.core.exceptions import GgzyError, InvalidInput, NotFound
from ggzy.core.request_edge import loads_json
from ggzy.parties.auth import API_AUTH
from ggzy.parties.permissions import require_role
from ggzy.parties.roles import Role

from . import ocds_feed, selectors
from .auth import EXCHANGE_AUTH
from .services import releases_ingest
from .web import parse_month

router = Router(tags=["exchange"])

MAX_PACKAGE_BYTES = 64 * 1024 * 1024


class PackageTooLarge(GgzyError):
    status = 413
    default_code = "package_too_large"
    default_message = "数据包过大，请分批报送"


def _read_json(request: HttpRequest):
    # Read the stream ourselves: packages of 1,000 releases exceed Django's form-data upload limit,
    # which is meant for form posts, not for this machine interface.
    raw = request.read(MAX_PACKAGE_BYTES + 1)
    if len(raw) > MAX_PACKAGE_BYTES:
        raise PackageTooLarge(details={"maxBytes": MAX_PACKAGE_BYTES})
    try:
        return loads_json(raw), len(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput(
            "请求体不是有效的 JSON",
            code="invalid_json",
            details={"errors": [{"path": "", "message": str(exc)[:200]}]},
        ) from exc


@router.post("/exchange/releases", auth=EXCHANGE_AUTH, response={200: dict, 201: dict})
def post_releases(request):
    package, size = _read_json(request)
    result = releases_ingest(source=request.auth, package=package, package_bytes=size)
    return Status(201 if result.created else 200, result.as_dict())


@router.get("/ocds/releases", auth=None)
def ocds_releases(request, cursor: str | None = None, limit: int = 100):
    """Public release package of own trading data, newest last; ``links.next`` / ``nextCursor`` page on."""
    releases, next_cursor = ocds_feed.releases_page(cursor=cursor, limit=limit)
    package = ocds_feed.release_package(releases, uri=request.build_absolute_uri())
    # ``links`` is the OCDS 1.2 pagination convention; 1.1 packages allow extra members.
    package["links"] = {
        "next": request.build_absolute_uri(
            f"{request.path}?{urlencode({'cursor': next_cursor, 'limit': limit})}"
        )
        if next_cursor
        else None
    }
    package["nextCursor"] = next_cursor
    return package


@router.get("/ocds/records/{ocid}", auth=None)
def ocds_record(request, ocid: str):
    package = ocds_feed.record_package(ocid, uri=request.build_absolute_uri())
    if package is None:
        raise NotFound("该 ocid 不存在或尚未公开", code="ocid_not_found")
    return package


@router.get("/exchange/quality", auth=API_AUTH)
def quality(request, month: str | None = None):
    """数据质量考核 of one month (default: the current one) for the sub-platforms the caller may see."""
    require_role(request.user, Role.ADMIN, Role.REGULATOR)
    chosen = parse_month(month)
    rows = selectors.quality_by_month(user=request.user, month=chosen)
    return {
        "month": chosen,
        "items": [
            {
                "platform": r.source.platform_code,
                "name": r.source.name,
                "releases": r.releases,
                "completeness": round(r.completeness, 4),
                "timelyRate": round(r.timely_rate, 4),
                "consistentRate": round(r.consistent_rate, 4),
                "meanLagHours": r.mean_lag_hours,
                "score": r.score,
                "topMissing": [{"field": f, "count": n} for f, n in r.top_missing],
                "topIssues": [{"issue": i, "count": n} for i, n in r.top_issues],
            }
            for r in rows
        ],
    }
