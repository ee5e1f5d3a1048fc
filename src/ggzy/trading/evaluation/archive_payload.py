"""The evaluation report with its signatures in a finished section's archive bag (spec archives-and-sso §1
"the evaluation report with its signatures"). Registered with the archives in ``EvaluationConfig.ready``."""

from __future__ import annotations

import json

from .models import Committee, Member, ReportSignature

SIGNATURES_FILE = "evaluation/signatures.json"


def _member(member: Member) -> dict:
    return {
        "name": member.user.display_name or member.user.username,
        "kind": member.kind,
        "kindLabel": member.get_kind_display(),
        "isChair": member.is_chair,
        "status": member.status,
    }


def report_signatures_payload(kind: str, ref: str) -> dict[str, bytes]:
    """``{"evaluation/signatures.json": …}``: the report (ranking, candidates, digest) and each member's
    signature (who, when, the digest signed, any dissent); none when the section has no signed report."""
    if kind != "section":
        return {}
    committee = Committee.objects.filter(section_ref=ref).select_related("report").first()
    report = getattr(committee, "report", None) if committee is not None else None
    if report is None or report.signed_at is None:
        return {}
    signatures = ReportSignature.objects.filter(report=report).select_related("member__user").order_by("id")
    content = {
        "section": committee.section_ref,
        "method": committee.method,
        "methodLabel": committee.get_method_display(),
        "contentDigest": report.content_digest,
        "preparedAt": report.prepared_at,
        "signedAt": report.signed_at,
        "handedOverAt": report.handed_over_at,
        "ranking": report.ranking,
        "candidates": report.candidates,
        "signatures": [
            {
                "member": _member(s.member),
                "signedAt": s.signed_at,
                "digest": s.digest,
                "matchesReport": s.digest == report.content_digest,
                "dissent": s.dissent,
            }
            for s in signatures
        ],
    }
    return {
        SIGNATURES_FILE: json.dumps(
            content, ensure_ascii=False, indent=2, sort_keys=True, default=str
        ).encode()
    }
