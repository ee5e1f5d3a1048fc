"""Archive settings, each overridable in Django settings / the environment (``GGZY_ARCHIVE_*``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings


def archive_root() -> Path:
    """Where bags are stored (``GGZY_ARCHIVE_ROOT``, default ``$GGZY_VAR_DIR/archives``)."""
    root = getattr(settings, "GGZY_ARCHIVE_ROOT", "") or Path(settings.MEDIA_ROOT).parent / "archives"
    return Path(root)


def fixity_interval() -> dt.timedelta:
    """How often the worker re-checks each stored bag (``GGZY_ARCHIVE_FIXITY_DAYS``, default 30)."""
    return dt.timedelta(days=int(getattr(settings, "GGZY_ARCHIVE_FIXITY_DAYS", 30)))


def source_organization() -> str:
    return str(getattr(settings, "GGZY_ARCHIVE_SOURCE_ORGANIZATION", "上海市公共资源交易中心"))
