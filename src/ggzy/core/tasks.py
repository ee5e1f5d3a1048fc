"""Periodic work of the shared kernel, run by ``ggzy worker`` (see ggzy.core.worker)."""

from __future__ import annotations

from .audit_seal import seal_due


def seal_audit_records() -> int:
    """Seal committed audit records every GGZY_AUDIT_SEAL_INTERVAL_SECONDS; safe in several workers."""
    return seal_due()


PERIODIC_TASKS = [seal_audit_records]
