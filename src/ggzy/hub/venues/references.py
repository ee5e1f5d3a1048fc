"""What a booking or witness entry needs to know about the section (or listing) it serves, received from
the trading layer.

The hub sits below trading (docs/adr/0004-layering.md): it never imports tendering. Tendering registers one
provider at start-up (``TenderingConfig.ready``) answering "which project is ``reference``?" with
:class:`ReferenceFacts`; a reference no provider knows (another trading system's) gets ``None`` and is
stored as given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ReferenceFacts:
    reference: str  # the public code
    title: str
    agency_usccs: tuple[str, ...]  # who may book rooms for it (the agency, or a self-tendering buyer)
    catalogue_code: str
    opening_at: dt.datetime | None
    published: bool  # its name and code may be shown to the public


ReferenceFactsProvider = Callable[[str], "ReferenceFacts | None"]

_providers: dict[str, ReferenceFactsProvider] = {}


def register_reference_provider(name: str, provider: ReferenceFactsProvider) -> None:
    """Called by a trading app when the apps are ready (re-registering under ``name`` replaces it)."""
    _providers[name] = provider


def reference_facts(reference: str) -> ReferenceFacts | None:
    """Facts of the project coded ``reference`` (any letter case), or None when no provider knows it."""
    reference = (reference or "").strip()
    if not reference:
        return None
    for provider in _providers.values():
        facts = provider(reference)
        if facts is not None:
            return facts
    return None
