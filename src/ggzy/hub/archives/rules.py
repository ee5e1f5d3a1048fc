"""Predicates shared by the services and the pages (templates never compare status or role strings)."""

from __future__ import annotations

import datetime as dt

from ggzy.core.legal_rules import cite
from ggzy.parties.roles import Role

from .states import ArchiveStatus


def is_keeper(user) -> bool:
    """Operators and admins keep the archives (holds, disposal, fixity page)."""
    return getattr(user, "role", None) in (Role.OPERATOR, Role.ADMIN)


def may_request_disposal(user) -> bool:
    return getattr(user, "role", None) == Role.OPERATOR


def active_hold_count(archive) -> int:
    return sum(1 for hold in archive.holds.all() if hold.lifted_at is None)


def is_stored(archive) -> bool:
    return archive.status == ArchiveStatus.STORED


def is_disposal_pending(archive) -> bool:
    return archive.status == ArchiveStatus.DISPOSAL_PENDING


def is_disposed(archive) -> bool:
    return archive.status == ArchiveStatus.DISPOSED


def disposal_refusal(archive, *, today: dt.date) -> tuple[str, str] | None:
    """(code, message) why ``archive`` may not be disposed of today, or None."""
    if today < archive.retention_until:
        return (
            "archive_retention_running",
            f"档案保存期限至 {archive.retention_until:%Y年%m月%d日}，期满前不得销毁（{cite('采购法42')}）",
        )
    if archive.holds.filter(lifted_at__isnull=True).exists():
        return "archive_on_hold", "档案处于法律保全中，不得销毁"
    return None
