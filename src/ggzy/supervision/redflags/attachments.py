"""Attachments of alert handling (核查材料): size- and type-limited, type checked by content.

Files live in the default storage under ``alerts/`` and are never served by URL: only
``views.attachment_download`` / the API streams them, after the same visibility check as the alert.
"""

from __future__ import annotations

import hashlib
import os

from django.core.files.base import ContentFile

from ggzy.core import clock
from ggzy.core.exceptions import InvalidInput

from .models import Alert, AlertAttachment, AlertEvent

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS_PER_STEP = 5
# extension → (content type, leading bytes the file must start with). ZIP-based office formats
# (docx, xlsx, ofd) share the ZIP signature.
ALLOWED_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    ".ofd": ("application/ofd", (b"PK\x03\x04",)),
}


def _read(upload) -> tuple[str, bytes]:
    name = os.path.basename(str(getattr(upload, "name", "") or "附件"))[:200]
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_ATTACHMENT_BYTES:
        raise InvalidInput(
            f"附件“{name}”超过 {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB",
            code="attachment_too_large",
            details={"field": "files", "name": name, "maxBytes": MAX_ATTACHMENT_BYTES},
        )
    upload.seek(0)
    data = upload.read(MAX_ATTACHMENT_BYTES + 1)
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise InvalidInput(
            f"附件“{name}”超过 {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB",
            code="attachment_too_large",
            details={"field": "files", "name": name, "maxBytes": MAX_ATTACHMENT_BYTES},
        )
    return name, data


def check_upload(upload) -> tuple[str, str, bytes]:
    """(name, content type, bytes) or ``InvalidInput``: empty, too large, or not an allowed type."""
    name, data = _read(upload)
    if not data:
        raise InvalidInput(
            f"附件“{name}”是空文件", code="attachment_empty", details={"field": "files", "name": name}
        )
    ext = os.path.splitext(name)[1].lower()
    allowed = ALLOWED_TYPES.get(ext)
    if allowed is None or not data.startswith(allowed[1]):
        raise InvalidInput(
            f"附件“{name}”类型不允许（仅限 PDF、图片、Word、Excel、OFD）",
            code="attachment_type",
            details={"field": "files", "name": name, "allowed": sorted(ALLOWED_TYPES)},
        )
    return name, allowed[0], data


def check_uploads(files) -> list:
    files = list(files)
    if len(files) > MAX_ATTACHMENTS_PER_STEP:
        raise InvalidInput(
            f"每次最多上传{MAX_ATTACHMENTS_PER_STEP}个附件",
            code="too_many_attachments",
            details={"field": "files"},
        )
    for upload in files:
        check_upload(upload)
    return files


def attachment_store(*, actor, alert: Alert, event: AlertEvent, upload) -> AlertAttachment:
    name, content_type, data = check_upload(upload)
    digest = hashlib.sha256(data).hexdigest()
    row = AlertAttachment(
        alert=alert,
        event=event,
        name=name,
        size=len(data),
        content_type=content_type,
        sha256=digest,
        uploaded_by=actor,
        uploaded_at=clock.now(),
    )
    # the stored name carries no user text: the digest keeps it unique and unguessable enough
    row.file.save(
        f"{alert.pk}-{digest[:24]}{os.path.splitext(name)[1].lower()}", ContentFile(data), save=False
    )
    row.save()
    return row
