"""The project facts a draw needs (buyer, agency, bidders, regulators), received from the trading layer.

The hub sits below trading (docs/adr/0003-layering.md): it never imports tendering. Tendering registers
one provider at start-up (``TenderingConfig.ready``) that answers "which section is this?" with a
:class:`SectionFacts`; a draw for another trading system's section gets no facts from it and takes its
facts as explicit inputs instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SectionFacts:
    """One of the platform's own sections, as a draw sees it."""

    section_pk: int  # the row ``Draw.section`` refers to
    section_ref: str
    buyer_uscc: str
    agency_uscc: str
    bidder_usccs: list[str]
    regulator_usccs: list[str]


# ``provider(section=<the trading layer's section object or None>, ref=<cleaned code>)`` → facts or None.
SectionFactsProvider = Callable[..., "SectionFacts | None"]

_provider: SectionFactsProvider | None = None


def register_section_facts_provider(provider: SectionFactsProvider) -> None:
    """Called once by the trading layer when the apps are ready (re-registering replaces it)."""
    global _provider
    _provider = provider


def section_facts(*, section: Any = None, ref: str = "") -> SectionFacts | None:
    """Facts of ``section`` (an object of the trading layer) or of the platform's section coded ``ref``
    (already cleaned; letters in any case); None for a section of another trading system."""
    if _provider is None:
        if section is not None:
            raise RuntimeError("no section facts provider registered (is ggzy.trading.tendering installed?)")
        return None
    return _provider(section=section, ref=ref)
