"""Platform-side verification of a published draw (``ggzy experts verify-draw``).

Besides the spec checks on the document, it recomputes each line's eligible list from the pool
records as they are now, so altering any pool record that mattered makes verification fail.
"""

from __future__ import annotations

from typing import Any

from ggzy.core.audit_seal import first_seal_after
from ggzy.core.codes import clean_reference

from . import algorithm, avoidance
from .models import Draw, DrawExclusion, Expert, Invitation
from .publication import draw_document, verify_document


def recompute_eligible(draw: Draw) -> dict[str, list[str]]:
    found = avoidance.conflicts(
        buyer_uscc=draw.buyer_uscc,
        agency_uscc=draw.agency_uscc,
        bidder_usccs=draw.bidder_usccs,
        regulator_usccs=draw.regulator_usccs,
        evaluation_at=draw.evaluation_at,
    )
    # Suspensions and evaluations recorded after the draw are not conflicts at draw time: use the
    # exclusions recorded then for those two reasons, recompute the rest.
    frozen = set(
        DrawExclusion.objects.filter(
            draw=draw, reason__in=[DrawExclusion.Reason.SUSPENDED, DrawExclusion.Reason.FREQUENCY]
        ).values_list("expert_id", flat=True)
    )
    conflict_ids = {
        eid for eid, reasons in found.items() if any(r != DrawExclusion.Reason.FREQUENCY for r, _ in reasons)
    } | frozen
    out: dict[str, list[str]] = {}
    taken: set[int] = set()
    for line in draw.lines.all():
        pool = avoidance.line_pool(
            specialty_code=line.specialty_id, regions=line.regions, status=Expert.Status.ACTIVE
        )
        pool.update(
            avoidance.line_pool(
                specialty_code=line.specialty_id, regions=line.regions, status=Expert.Status.SUSPENDED
            )
        )
        pool.update(
            avoidance.line_pool(
                specialty_code=line.specialty_id, regions=line.regions, status=Expert.Status.RETIRED
            )
        )
        out[line.label] = algorithm.sort_eligible(
            code for eid, code in pool.items() if eid not in conflict_ids and eid not in taken
        )
        taken |= set(
            Invitation.objects.filter(line=line, outcome=Invitation.Outcome.ACCEPTED).values_list(
                "expert_id", flat=True
            )
        )
    return out


def verify_draw(draw_id: str, *, document: dict[str, Any] | None = None) -> list[str]:
    draw_id = clean_reference(draw_id)
    draw = Draw.objects.filter(draw_id=draw_id).first()
    if document is None:
        if draw is None or draw.published_at is None:
            raise LookupError(f"抽取 {draw_id} 不存在或尚未公开")
        document = draw_document(draw, full=True)
    if document.get("drawId") != draw_id:
        return ["drawId in the document differs"]
    beacon = None
    eligible_now = None
    if draw is not None:
        seal = first_seal_after(draw.committed_at)
        beacon = seal.merkle_root if seal else ""
        eligible_now = recompute_eligible(draw)
    return verify_document(document, beacon=beacon, eligible_now=eligible_now)
