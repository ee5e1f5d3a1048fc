"""The archive's state machines (``ggzy.core.states``): an archive and a disposal request."""

from __future__ import annotations

from django.db import models

from ggzy.core.states import StateMachine


class ArchiveStatus(models.TextChoices):
    STORED = "stored", "保存中"
    DISPOSAL_PENDING = "disposal_pending", "销毁待批准"
    DISPOSED = "disposed", "已销毁"


class DisposalStatus(models.TextChoices):
    PENDING = "pending", "待批准"
    APPROVED = "approved", "已批准（已销毁）"
    REJECTED = "rejected", "已驳回"


ARCHIVE = StateMachine(
    "archives.Archive",
    transitions={
        ArchiveStatus.STORED: {ArchiveStatus.DISPOSAL_PENDING},
        ArchiveStatus.DISPOSAL_PENDING: {ArchiveStatus.STORED, ArchiveStatus.DISPOSED},
    },
    audit_action="archive.status_changed",
    code="archive_invalid_state",
    label="电子档案",
)
DISPOSAL = StateMachine(
    "archives.DisposalRequest",
    transitions={DisposalStatus.PENDING: {DisposalStatus.APPROVED, DisposalStatus.REJECTED}},
    audit_action="archive.disposal_decided",
    code="disposal_invalid_state",
    label="销毁申请",
)
