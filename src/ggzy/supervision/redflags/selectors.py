"""Who sees which alert. Only the routed regulators (and, for alerts routed to it, the 综合管理部门)
see an alert; everybody else gets 404 (not 403: they must not learn that it exists)."""

from __future__ import annotations

from django.db.models import QuerySet

from ggzy.core.exceptions import NotFound
from ggzy.parties.roles import Role

from .models import Alert, AlertAttachment


def alerts_visible_to(user) -> QuerySet[Alert]:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Alert.objects.none()
    if user.role == Role.REGULATOR and user.entity_id:
        return Alert.objects.filter(regulators=user.entity_id).distinct()
    if user.role == Role.ADMIN:
        return Alert.objects.filter(routed_to_admin=True)
    return Alert.objects.none()


def alert_get(*, user, alert_id: int) -> Alert:
    alert = alerts_visible_to(user).filter(pk=alert_id).first()
    if alert is None:
        raise NotFound("预警不存在或您无权查看", code="alert_not_found")
    return alert


def alert_for_handler(*, user, alert_id: int, lock: bool = False) -> Alert:
    """The alert, if ``user`` may handle it (same rule as seeing it), optionally row-locked."""
    visible = alerts_visible_to(user).filter(pk=alert_id).values_list("pk", flat=True)
    qs = Alert.objects.filter(pk__in=list(visible))
    alert = (qs.select_for_update() if lock else qs).first()
    if alert is None:
        raise NotFound("预警不存在或您无权查看", code="alert_not_found")
    return alert


def attachment_get(*, user, alert_id: int, attachment_id: int) -> AlertAttachment:
    alert = alert_get(user=user, alert_id=alert_id)
    found = AlertAttachment.objects.filter(alert=alert, pk=attachment_id).first()
    if found is None:
        raise NotFound("附件不存在或您无权查看", code="attachment_not_found")
    return found


def alert_events(alert: Alert):
    return alert.events.select_related("actor").prefetch_related("attachments")
