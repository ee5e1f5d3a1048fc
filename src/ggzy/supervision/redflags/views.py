"""预警 pages for the regulators. Same services and selectors as the API."""

from __future__ import annotations

import json

from django.http import FileResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ggzy.core.web import run_form
from ggzy.parties.permissions import roles_required
from ggzy.parties.roles import Role

from . import selectors, services
from .forms import AlertNoteForm, AlertTransitionForm
from .models import Alert

HANDLERS = (Role.REGULATOR, Role.ADMIN)


@roles_required(*HANDLERS)
def alert_list(request):
    status = request.GET.get("status") or ""
    qs = selectors.alerts_visible_to(request.user)
    if status in Alert.Status.values:
        qs = qs.filter(status=status)
    return render(
        request,
        "redflags/alert_list.html",
        {
            "alerts": qs.order_by("-created_at", "-id")[:200],
            "status": status,
            "statuses": Alert.Status.choices,
        },
    )


@roles_required(*HANDLERS)
def alert_detail(request, alert_id: int):
    alert = selectors.alert_get(user=request.user, alert_id=alert_id)
    allowed = [
        (s, Alert.Status(s).label) for s in sorted(services.ALERT_TRANSITIONS.get(alert.status, set()))
    ]
    flags = [
        {**flag, "evidence_text": json.dumps(flag.get("evidence") or {}, ensure_ascii=False, indent=2)}
        for flag in alert.flags
    ]
    return render(
        request,
        "redflags/alert_detail.html",
        {
            "alert": alert,
            "flags": flags,
            "events": selectors.alert_events(alert),
            "allowed": allowed,
            "is_open": alert.status in services.OPEN_STATUSES,
        },
    )


@require_POST
@roles_required(*HANDLERS)
def alert_transition(request, alert_id: int):
    return run_form(
        request,
        AlertTransitionForm(request.POST),
        lambda data: services.alert_transition(
            actor=request.user,
            alert_id=alert_id,
            to_status=data["to"],
            note=data["note"],
            files=request.FILES.getlist("files"),
        ),
        success_url=reverse("redflags:alert", kwargs={"alert_id": alert_id}),
        success_message="预警状态已更新",
    )


@require_POST
@roles_required(*HANDLERS)
def alert_note(request, alert_id: int):
    return run_form(
        request,
        AlertNoteForm(request.POST),
        lambda data: services.alert_note_add(
            actor=request.user, alert_id=alert_id, note=data["note"], files=request.FILES.getlist("files")
        ),
        success_url=reverse("redflags:alert", kwargs={"alert_id": alert_id}),
        success_message="核查记录已保存",
    )


@roles_required(*HANDLERS)
def attachment_download(request, alert_id: int, attachment_id: int):
    found = selectors.attachment_get(user=request.user, alert_id=alert_id, attachment_id=attachment_id)
    return FileResponse(
        found.file.open("rb"), as_attachment=True, filename=found.name, content_type=found.content_type
    )
