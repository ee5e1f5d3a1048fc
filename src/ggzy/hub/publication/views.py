from __future__ import annotations

from django.shortcuts import get_object_or_404, render

from ggzy.catalog.selectors import current_catalogue, current_entries
from ggzy.core.public_cache import public_page

from .forms import NoticeFilterForm
from .highlight import highlight, snippet
from .models import Notice
from .selectors import NoticeFilter, notice_page, notices_version, related_notices, source_url

PAGE_SIZE = 20


def notice_index(request):
    catalogue = current_catalogue()  # its entries fill the 交易类别 choices
    version = f"{notices_version()}|{catalogue.pk if catalogue else 0}"
    return public_page(request, version=version, render=lambda: _notice_index(request))


def _notice_index(request):
    form = NoticeFilterForm(request.GET or None, entries=current_entries())
    f = NoticeFilter()
    if form.is_bound and form.is_valid():
        f = NoticeFilter(**form.cleaned_data)
    page = notice_page(
        f, after=request.GET.get("after", ""), before=request.GET.get("before", ""), size=PAGE_SIZE
    )
    items = [
        {
            "notice": n,
            "title": highlight(n.title, page.terms),
            "snippet": snippet(n.body, page.terms) if page.terms else "",
        }
        for n in page.rows
    ]
    query = request.GET.copy()
    for key in ("after", "before", "page"):
        query.pop(key, None)
    return render(
        request,
        "publication/index.html",
        {
            "form": form,
            "page": page,
            "items": items,
            "query": query.urlencode(),
            "filtered": any(v for v in f.__dict__.values()),
            "count_cap": page.count,
        },
    )


def notice_detail(request, notice_id: int):
    return public_page(request, version=notices_version(), render=lambda: _notice_detail(request, notice_id))


def _notice_detail(request, notice_id: int):
    notice = get_object_or_404(Notice.objects.select_related("catalogue_entry", "issuer"), pk=notice_id)
    return render(
        request,
        "publication/detail.html",
        {
            "notice": notice,
            "source_url": source_url(notice),
            "related": related_notices(notice),
        },
    )
