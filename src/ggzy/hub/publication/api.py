"""GET /api/v1/notices?cursor= (sealed-bids spec §5): the public notices feed, oldest first."""

from __future__ import annotations

from django.http import HttpResponse
from ninja import Router, Schema
from ninja.renderers import JSONRenderer

from ggzy.core.exceptions import InvalidInput, NotFound
from ggzy.core.pagination import DEFAULT_LIMIT
from ggzy.core.public_cache import public_page

from .districts import normalise_district
from .feed import feed_page
from .models import Notice
from .presenters import notice_dict
from .selectors import notices_version

router = Router(tags=["notices"])
FEED_MAX_AGE = 5  # seconds a proxy may reuse a feed page: pollers see a new notice within that


class SourceOut(Schema):
    type: str
    id: str


class IssuerOut(Schema):
    uscc: str
    name: str


class NoticeOut(Schema):
    id: int
    position: int | None
    kind: str
    kindName: str
    title: str
    body: str
    bodyDigest: str
    catalogueCode: str
    catalogueName: str
    district: str
    districtName: str
    publishedAt: str
    source: SourceOut | None
    issuer: IssuerOut | None
    url: str


class FeedOut(Schema):
    items: list[NoticeOut]
    next: str | None
    more: bool


@router.get("/notices", response=FeedOut, auth=None, summary="公告订阅（从早到晚）")
def notices_feed(
    request,
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
    kind: str = "",
    catalogueCode: str = "",
    district: str = "",
):
    """Poll with the returned ``next`` cursor. ``more`` is true when another page is already
    available; ``next`` is still returned on the last page so the next poll continues from there.
    Optional filters: ``kind``, ``catalogueCode``, ``district`` (GB/T 2260 code or name)."""
    district_code = normalise_district(district) if district else ""
    if district and district_code is None:
        raise InvalidInput("区域不正确", code="invalid_district", details={"district": district})

    def render():
        rows, next_cursor, more = feed_page(
            cursor=cursor, limit=limit, kind=kind, catalogue_code=catalogueCode, district=district_code
        )
        data = FeedOut.model_validate(
            {"items": [notice_dict(n) for n in rows], "next": next_cursor, "more": more}
        )
        body = JSONRenderer().render(request, data.model_dump(), response_status=200)
        return HttpResponse(body, content_type="application/json; charset=utf-8")

    # The same page for every poller until the next publish: served from the cache (core.public_cache).
    return public_page(request, version=notices_version(), render=render, max_age=FEED_MAX_AGE)


@router.get("/notices/{notice_id}", response=NoticeOut, auth=None, summary="公告详情")
def notice_detail(request, notice_id: int):
    notice = Notice.objects.select_related("catalogue_entry", "issuer").filter(pk=notice_id).first()
    if notice is None:
        raise NotFound("公告不存在", code="notice_not_found")
    return notice_dict(notice)
