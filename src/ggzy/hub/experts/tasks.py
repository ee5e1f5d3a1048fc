"""Worker tasks: start draws whose beacon exists, expire unanswered invitations, deliver messages."""

from __future__ import annotations

from .messaging import deliver_pending
from .services import draws_advance, invitations_expire

PERIODIC_TASKS = [draws_advance, invitations_expire, deliver_pending]
