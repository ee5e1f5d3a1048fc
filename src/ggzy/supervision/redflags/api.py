"""Alerts API for the regulators: list, detail, transitions, notes with attachments, downloads.

Every endpoint answers 404 for an alert the caller may not see (spec: nobody else sees it)."""

from __future__ import annotations

from django.http import FileResponse
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile

from ggzy.core.pagination import paginate
from ggzy.parties.auth import API_AUTH

from . import presenters, selectors, services

router = Router(tags=["redflags"])


class TransitionIn(Schema):
    to: str
    note: str = ""


@router.get("/redflags/alerts", auth=API_AUTH)
def list_alerts(request, status: str | None = None, cursor: str | None = None, limit: int = 50):
    qs = selectors.alerts_visible_to(request.user)
    if status:
        qs = qs.filter(status=status)
    rows, next_cursor = paginate(qs, cursor=cursor, keys=("id",), limit=limit)
    return {"items": [presenters.alert_summary(a) for a in rows], "nextCursor": next_cursor}


@router.get("/redflags/alerts/{alert_id}", auth=API_AUTH)
def get_alert(request, alert_id: int):
    alert = selectors.alert_get(user=request.user, alert_id=alert_id)
    return presenters.alert_detail(alert, selectors.alert_events(alert))


@router.post("/redflags/alerts/{alert_id}/transition", auth=API_AUTH)
def transition(request, alert_id: int, payload: TransitionIn):
    alert = services.alert_transition(
        actor=request.user, alert_id=alert_id, to_status=payload.to, note=payload.note
    )
    return presenters.alert_detail(alert, selectors.alert_events(alert))


@router.post("/redflags/alerts/{alert_id}/notes", auth=API_AUTH)
def add_note(request, alert_id: int, note: Form[str] = "", files: File[list[UploadedFile]] = None):
    services.alert_note_add(actor=request.user, alert_id=alert_id, note=note, files=files or [])
    alert = selectors.alert_get(user=request.user, alert_id=alert_id)
    return presenters.alert_detail(alert, selectors.alert_events(alert))


@router.get("/redflags/alerts/{alert_id}/attachments/{attachment_id}", auth=API_AUTH)
def download(request, alert_id: int, attachment_id: int):
    found = selectors.attachment_get(user=request.user, alert_id=alert_id, attachment_id=attachment_id)
    return FileResponse(
        found.file.open("rb"), as_attachment=True, filename=found.name, content_type=found.content_type
    )
