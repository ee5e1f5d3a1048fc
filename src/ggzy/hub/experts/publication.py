"""The draw document of the spec (expert-draw.md §Publication) and its verification."""

from __future__ import annotations

import hmac
from typing import Any

from . import algorithm
from .models import Draw, Invitation


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def draw_document(draw: Draw, *, full: bool) -> dict[str, Any]:
    """``full`` = the published form; otherwise only what may be public before publication."""
    lines = list(draw.lines.all())
    if not full:
        return {
            "drawId": draw.draw_id,
            "sectionId": draw.section_ref,
            "commitment": draw.commitment,
            "committedAt": _iso(draw.committed_at),
            "beaconSealedAt": _iso(draw.beacon_sealed_at),
            "lines": [{"label": line.label, "count": line.count} for line in lines],
        }
    invitations: dict[int, list[dict]] = {line.pk: [] for line in lines}
    for inv in (
        Invitation.objects.filter(line__draw=draw).select_related("expert").order_by("line_id", "index")
    ):
        invitations[inv.line_id].append(
            {
                "expertCode": inv.expert.expert_code,
                "outcome": inv.outcome,
                "at": _iso(inv.outcome_at or inv.invited_at),
            }
        )
    return {
        "drawId": draw.draw_id,
        "sectionId": draw.section_ref,
        "commitment": draw.commitment,
        "committedAt": _iso(draw.committed_at),
        "beacon": draw.beacon,
        "beaconSealedAt": _iso(draw.beacon_sealed_at),
        "secret": draw.secret_hex,
        "lines": [
            {
                "label": line.label,
                "count": line.count,
                "eligible": list(line.eligible or []),
                "poolDigest": line.pool_digest,
                "invited": invitations[line.pk],
            }
            for line in lines
        ],
    }


def verify_document(
    doc: dict[str, Any], *, beacon: str | None = None, eligible_now: dict[str, list[str]] | None = None
) -> list[str]:
    """Recompute everything the spec defines; return the list of mismatches (empty = verified).

    ``beacon``: the root of the first seal after ``committedAt`` as the verifier sees it.
    ``eligible_now``: label → eligible codes recomputed from the pool records (platform-side check).
    """
    problems: list[str] = []
    try:
        secret = bytes.fromhex(doc["secret"])
    except (KeyError, TypeError, ValueError):
        return ["secret missing or not hex"]
    if not hmac.compare_digest(algorithm.commitment_of(secret), str(doc.get("commitment", ""))):
        problems.append("commitment != sha256(secret)")
    if beacon is not None and beacon != doc.get("beacon"):
        problems.append("beacon is not the first audit seal root after the commitment")
    seed = algorithm.seed_of(secret, str(doc.get("beacon", "")))
    accepted_before: set[str] = set()
    for line in doc.get("lines", []):
        label, eligible = line["label"], list(line["eligible"])
        if eligible != algorithm.sort_eligible(eligible):
            problems.append(f"{label}: eligible not sorted/unique")
        if algorithm.pool_digest(eligible) != line["poolDigest"]:
            problems.append(f"{label}: poolDigest mismatch")
        if eligible_now is not None and eligible_now.get(label) != eligible:
            problems.append(f"{label}: eligible list differs from the pool records")
        if accepted_before & set(eligible):
            problems.append(f"{label}: eligible contains experts accepted by earlier lines")
        invited = line["invited"]
        expected = algorithm.draw_order(eligible, seed, label, len(invited))
        if [x["expertCode"] for x in invited] != expected:
            problems.append(f"{label}: invitation order differs from the seeded shuffle")
        accepted = [x["expertCode"] for x in invited if x["outcome"] == "accepted"]
        if len(accepted) > line["count"]:
            problems.append(f"{label}: more acceptances than requested")
        if len(accepted) < line["count"] and len(invited) < len(eligible):
            problems.append(f"{label}: stopped before the count was reached")
        accepted_before |= set(accepted)
    return problems
