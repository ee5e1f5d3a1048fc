"""Tendering's answer to the venues' question "which project is this reference?" (hub.venues.references).

Registered in ``TenderingConfig.ready``: the hub never imports tendering, tendering hands it the facts.
"""

from __future__ import annotations

from ggzy.hub.venues.references import ReferenceFacts

from .models import Section


def reference_facts(reference: str) -> ReferenceFacts | None:
    """The section coded ``reference`` (any letter case): who may book rooms for it (its agency, or the buyer
    tendering by itself), its opening time, category and whether it has been published."""
    section = (
        Section.objects.select_related("tender", "tender__buyer", "tender__agency")
        .filter(code__iexact=reference)
        .first()
    )
    if section is None:
        return None
    tender = section.tender
    booker = tender.agency.uscc if tender.agency_id else tender.buyer.uscc
    return ReferenceFacts(
        reference=section.code,
        title=f"{tender.title} {section.title}".strip(),
        agency_usccs=(booker,),
        catalogue_code=tender.catalogue_code,
        opening_at=tender.opening_at,
        published=tender.published_at is not None,
    )
