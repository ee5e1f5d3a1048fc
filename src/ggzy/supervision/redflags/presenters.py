"""JSON shapes of alerts for the API (the HTML pages use the models directly)."""

from __future__ import annotations

from typing import Any

from .models import Alert


def alert_summary(alert: Alert) -> dict[str, Any]:
    return {
        "id": alert.pk,
        "subjectType": alert.subject_type,
        "subjectKey": alert.subject_key,
        "title": alert.title,
        "score": round(alert.score, 4),
        "status": alert.status,
        "statusLabel": alert.get_status_display(),
        "catalogueCode": alert.catalogue_code,
        "district": alert.district,
        "ocids": alert.ocids,
        "createdAt": alert.created_at.isoformat(),
        "updatedAt": alert.updated_at.isoformat(),
        "closedAt": alert.closed_at.isoformat() if alert.closed_at else None,
    }


def alert_detail(alert: Alert, events) -> dict[str, Any]:
    data = alert_summary(alert)
    data.update(
        {
            "members": alert.members,
            "flags": alert.flags,
            "engineVersion": alert.engine_version,
            "source": alert.source,
            "regulators": [{"uscc": r.uscc, "name": r.name} for r in alert.regulators.all()],
            "routedToAdmin": alert.routed_to_admin,
            "events": [
                {
                    "id": e.pk,
                    "kind": e.kind,
                    "at": e.at.isoformat(),
                    "actor": e.actor.get_username() if e.actor else "system",
                    "from": e.from_status,
                    "to": e.to_status,
                    "note": e.note,
                    "attachments": [
                        {
                            "id": a.pk,
                            "name": a.name,
                            "size": a.size,
                            "contentType": a.content_type,
                            "sha256": a.sha256,
                            "url": f"/api/v1/redflags/alerts/{alert.pk}/attachments/{a.pk}",
                        }
                        for a in e.attachments.all()
                    ],
                }
                for e in events
            ],
        }
    )
    return data
