from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from ggzy.core import powers
from ggzy.core.web import formset_for, run_form
from ggzy.parties.permissions import require_role
from ggzy.parties.roles import Role

from . import rules, selectors, services
from .forms import DecisionForm, FilingForm, SystemFormSet
from .models import FilingDocument


@login_required
def filing_list(request):
    filings = selectors.filings_visible_to(request.user)[:200]
    return render(
        request,
        "filing/list.html",
        {
            "filings": filings,
            "may_file": rules.may_file(request.user),
            "power": powers.power(powers.FILING_REVIEW),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def filing_new(request):
    require_role(request.user, Role.OPERATOR)
    form = FilingForm(request.POST or None)
    systems = formset_for(SystemFormSet, request, prefix="systems")

    def _submit(data):
        return services.filing_submit(
            actor=request.user,
            platform_code=data["platform"],
            title=data["title"],
            scope=data["scope"],
            planned_start=data["planned_start"],
            planned_end=data["planned_end"],
            systems=data["systems"],
            documents=request.FILES.getlist("documents"),
        )

    return run_form(
        request,
        form,
        _submit,
        template="filing/new.html",
        formsets={"systems": systems},
        success_url=lambda f: reverse("filing:detail", args=[f.pk]),
        success_message="备案已提交。",
    )


@login_required
def filing_detail(request, filing_id: int):
    filing = selectors.filing_for(request.user, filing_id)
    return render(request, "filing/detail.html", _detail_context(request, filing, DecisionForm()))


def _detail_context(request, filing, form):
    return {
        "filing": filing,
        "form": form,
        "quality": rules.quality_summary(filing.platform.code),
        "can_start_review": rules.can_start_review(request.user, filing),
        "can_decide": rules.can_decide(request.user, filing),
        "power": powers.power(powers.FILING_REVIEW),
    }


@login_required
@require_POST
def filing_review(request, filing_id: int):
    filing = selectors.filing_for(request.user, filing_id)
    return run_form(
        request,
        DecisionForm(request.POST),
        lambda _data: services.filing_start_review(actor=request.user, filing_id=filing.pk),
        success_url=reverse("filing:detail", args=[filing.pk]),
        success_message="已开始审核。",
    )


@login_required
@require_POST
def filing_decide(request, filing_id: int, decision: str):
    filing = selectors.filing_for(request.user, filing_id)
    form = DecisionForm(request.POST)
    return run_form(
        request,
        form,
        lambda data: services.filing_decide(
            actor=request.user, filing_id=filing.pk, approve=decision == "approve", reason=data["reason"]
        ),
        template="filing/detail.html",
        context=_detail_context(request, filing, form),
        success_url=reverse("filing:detail", args=[filing.pk]),
        success_message="审核决定已作出。",
    )


@login_required
def document_download(request, filing_id: int, document_id: int):
    filing = selectors.filing_for(request.user, filing_id)
    document = get_object_or_404(FilingDocument, pk=document_id, filing=filing)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.name,
        content_type=document.content_type,
    )
