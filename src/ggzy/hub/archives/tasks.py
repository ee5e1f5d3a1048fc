"""Worker tasks: a bag for every finished trade once its audit records are sealed; scheduled fixity checks."""

from __future__ import annotations

from .services import archive_build_due, archive_fixity_due

PERIODIC_TASKS = [archive_build_due, archive_fixity_due]
