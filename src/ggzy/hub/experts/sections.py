"""Project facts for a draw, read from tendering's Section (buyer, agency, bidders, regulators)."""

from __future__ import annotations

from typing import Any


def section_by_ref(ref: str):
    """The platform's own section with this code (``ref`` already cleaned; letters in any case), or None
    for a section of another trading system."""
    from ggzy.trading.tendering.models import Section

    if not ref:
        return None
    return (
        Section.objects.select_related("tender", "tender__buyer", "tender__agency")
        .filter(code__iexact=ref)
        .first()
    )


def section_facts(section) -> dict[str, Any]:
    from ggzy.catalog.models import CatalogueEntry
    from ggzy.trading.tendering.models import Bid, Registration
    from ggzy.trading.tendering.states import BidStatus

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
    return {
        "section_ref": section.code,
        "buyer_uscc": tender.buyer.uscc,
        "agency_uscc": tender.agency.uscc if tender.agency_id else tender.buyer.uscc,
        "bidder_usccs": sorted(bidders),
        "regulator_usccs": sorted(u for u in regulators if u),
    }
