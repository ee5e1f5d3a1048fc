"""Time-driven tendering work for ``ggzy worker`` (deadlines, opening windows, publicity, contracts)."""

from __future__ import annotations

from .envelope_store import retracted_envelopes_purge
from .services.transitions import apply_due_contracts, apply_due_sections


def due_sections() -> int:
    return apply_due_sections(skip_locked=True)


def due_contracts() -> int:
    return apply_due_contracts(skip_locked=True)


def purge_retracted_envelopes() -> int:
    return retracted_envelopes_purge()


PERIODIC_TASKS = [due_sections, due_contracts, purge_retracted_envelopes]
