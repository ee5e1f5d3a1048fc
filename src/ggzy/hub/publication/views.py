from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from ggzy.catalog.selectors import current_entries

from .forms import NoticeFilterForm
from .models import Notice
from .selectors import NoticeFilter, notice_list, related_notices, source_url

PAGE_SIZE = 20


def notice_index(request):
    form = NoticeFilterForm(request.GET or None, entries=current_entries())
    f = NoticeFilter()
    if form.is_bound and form.is_valid():
        f = NoticeFilter(**form.cleaned_data)
    page = Paginator(notice_list(f), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "publication/index.html", {
        "form": form, "page": page, "query": query.urlencode(), "filtered": any(v for v in f.__dict__.values()),
    })


def notice_detail(request, notice_id: int):
    notice = get_object_or_404(Notice.objects.select_related("catalogue_entry", "issuer"), pk=notice_id)
    return render(request, "publication/detail.html", {
        "notice": notice, "source_url": source_url(notice), "related": related_notices(notice),
    })
