"""Archive pages: the list and detail for the roles allowed to read each archive (others 404), the bag as a zip
download (a GET without side effects), the keepers' buttons (holds, disposal) and the fixity page."""

from __future__ import annotations

import tempfile
import zipfile

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import render
from django.urls import reverse

from ggzy.core.exceptions import NotFound
from ggzy.core.web import Button, button_view
from ggzy.parties.permissions import require_role

from . import conf, rules, selectors, services
from .forms import ConfirmForm, HoldLiftForm, ReasonForm
from .models import FixityCheck


@login_required
def archive_list(request):
    archives = selectors.archives_visible_to(request.user).prefetch_related("holds")[:200]
    return render(
        request,
        "archives/list.html",
        {
            "archives": archives,
            "is_keeper": rules.is_keeper(request.user),
            "failures": len(selectors.failing_checks()) if rules.is_keeper(request.user) else 0,
        },
    )


@login_required
def archive_detail(request, archive_id: int):
    archive = selectors.archive_for(viewer=request.user, archive_id=archive_id)
    return render(
        request,
        "archives/detail.html",
        {
            "archive": archive,
            "is_keeper": rules.is_keeper(request.user),
            "may_request_disposal": rules.may_request_disposal(request.user) and rules.is_stored(archive),
            "disposal_pending": rules.is_disposal_pending(archive),
            "disposed": rules.is_disposed(archive),
            "active_holds": [h for h in archive.holds.all() if h.lifted_at is None],
            "holds": archive.holds.all(),
            "disposals": archive.disposals.all(),
            "checks": archive.fixity_checks.all()[:10],
            "previous": archive.previous,
            "hold_form": ReasonForm(),
            "lift_form": HoldLiftForm(),
            "disposal_form": ReasonForm(),
        },
    )


@login_required
def archive_download(request, archive_id: int):
    """The bag as a zip (``<bag folder>/…`` inside), built in a temporary file; nothing is written to the bag."""
    archive = selectors.archive_for(viewer=request.user, archive_id=archive_id)
    folder = conf.archive_root() / archive.path
    if rules.is_disposed(archive) or not folder.is_dir():
        raise NotFound("档案包已销毁或不存在", code="archive_bag_missing")
    spool = tempfile.TemporaryFile()
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            bundle.write(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")
    spool.seek(0)
    return FileResponse(
        spool, as_attachment=True, filename=f"{folder.name}.zip", content_type="application/zip"
    )


@login_required
def fixity_page(request):
    require_role(request.user, *services.KEEPERS)
    return render(
        request,
        "archives/fixity.html",
        {
            "failures": selectors.failing_checks(),
            "recent": FixityCheck.objects.select_related("archive")[:50],
        },
    )


def _load(request, archive_id):
    require_role(request.user, *services.KEEPERS)
    return selectors.archive_for(viewer=request.user, archive_id=int(archive_id))


ARCHIVE_ACTIONS = {
    "hold": Button(ReasonForm, services.hold_place, "已设置法律保全。"),
    "lift": Button(HoldLiftForm, services.hold_lift, "已解除法律保全。"),
    "dispose": Button(ReasonForm, services.disposal_request, "已提交销毁申请，待另一名工作人员批准。"),
    "approve": Button(ConfirmForm, services.disposal_approve, "已批准销毁，档案包已删除。"),
    "reject": Button(ConfirmForm, services.disposal_reject, "已驳回销毁申请。"),
}

archive_action = button_view(
    ARCHIVE_ACTIONS,
    _load,
    target="archive_id",
    back=lambda archive, result: reverse("archives:detail", args=[archive.pk]),
)
