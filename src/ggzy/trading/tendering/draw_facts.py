"""Tendering's answer to the expert draw's question "which section is this?" (hub.experts.sections).

Registered in ``TenderingConfig.ready``: the hub never imports tendering, tendering hands it the facts.
"""

from __future__ import annotations

from ggzy.catalog.models import CatalogueEntry
from ggzy.hub.experts.sections import SectionFacts

from .models import Bid, Registration, Section
from .states import BidStatus


def section_facts(*, section: Section | None = None, ref: str = "") -> SectionFacts | None:
    """Facts of ``section``, else of the section coded ``ref`` (any letter case); None when neither is ours."""
    if section is None:
        if not ref:
            return None
        section = (
            Section.objects.select_related("tender", "tender__buyer", "tender__agency")
            .filter(code__iexact=ref)
            .first()
        )
        if section is None:
            return None
    tender = section.tender
    bidders = set(
        Bid.objects.filter(section=section)
        .exclude(status=BidStatus.RETRACTED)
        .values_list("bidder__uscc", flat=True)
    )
    bidders |= set(Registration.objects.filter(section=section).values_list("entity__uscc", flat=True))
    regulators = set(
        CatalogueEntry.objects.filter(code=tender.catalogue_code).values_list("regulators__uscc", flat=True)
    )
    return SectionFacts(
        section_pk=section.pk,
        section_ref=section.code,
        buyer_uscc=tender.buyer.uscc,
        agency_uscc=tender.agency.uscc if tender.agency_id else tender.buyer.uscc,
        bidder_usccs=sorted(bidders),
        regulator_usccs=sorted(u for u in regulators if u),
    )
