"""Notification backends. Services write :class:`OutboxMessage` rows in their transaction; the worker
delivers them through the configured backends (``GGZY_EXPERT_MESSAGE_BACKENDS``), so a message is never
sent for a change that rolled back. An SMS or voice gateway is one more class with ``send``.
"""

from __future__ import annotations

import logging
from typing import Protocol

from django.db import transaction
from django.utils.module_loading import import_string

from ggzy.core import clock

from . import conf
from .models import OutboxMessage
from .states import OUTBOX

log = logging.getLogger(__name__)


class MessageBackend(Protocol):
    name: str

    def send(self, message: OutboxMessage) -> None:
        """Deliver or raise; raising leaves the message for the next round."""


class LogBackend:
    name = "log"

    def send(self, message: OutboxMessage) -> None:
        log.info("notify user=%s kind=%s: %s", message.recipient_id, message.kind, message.body)


def enqueue(*, recipient, kind: str, body: str) -> OutboxMessage:
    return OutboxMessage.objects.create(
        recipient=recipient,
        phone=getattr(recipient, "phone", "") or "",
        kind=kind,
        body=body,
        created_at=clock.now(),
    )


def deliver_pending(limit: int = 200) -> int:
    """Send pending messages; safe in several workers (rows are claimed under a lock)."""
    backends = [import_string(path)() for path in conf.message_backends()]
    sent = 0
    with transaction.atomic():
        rows = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(status=OutboxMessage.Status.PENDING)
            .order_by("id")[:limit]
        )
        for row in rows:
            row.attempts += 1
            try:
                for backend in backends:
                    backend.send(row)
            except Exception as exc:  # a gateway failure must not lose the message
                row.error = str(exc)[:300]
                if row.attempts >= 5:
                    OUTBOX.move(
                        row, OutboxMessage.Status.FAILED, actor=None, extra_fields=["attempts", "error"]
                    )
                else:
                    row.save(update_fields=["attempts", "error"])
                continue
            row.sent_at = clock.now()
            row.backend = ",".join(b.name for b in backends)
            OUTBOX.move(
                row, OutboxMessage.Status.SENT, actor=None, extra_fields=["attempts", "sent_at", "backend"]
            )
            sent += 1
    return sent
