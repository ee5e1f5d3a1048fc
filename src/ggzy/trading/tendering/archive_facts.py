"""Tendering's answer to the archives' question "what did this finished section consist of?" (hub.archives).

Registered in ``TenderingConfig.ready``: the hub never imports tendering, tendering hands it the facts. A section
has finished when it is contracted, failed (流标) or terminated; by then every envelope has been opened (or the
section ended before opening): the bag holds envelopes, signed manifests, receipts and opening records, never a
content key or private key.
"""

from __future__ import annotations

import json
from typing import Any

from ggzy.catalog.models import CatalogueEntry
from ggzy.hub.archives.sources import ArchiveSource
from ggzy.hub.publication.models import Notice

from .envelope_store import stored_envelope_text
from .models import Award, Bid, Clarification, Contract, EvaluationResult, Section
from .states import SectionStatus

FINISHED = (SectionStatus.CONTRACTED, SectionStatus.FAILED, SectionStatus.TERMINATED)


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, default=str).encode()


class SectionArchiveProvider:
    kind = "section"

    def finished_refs(self) -> list[str]:
        return list(
            Section.objects.filter(status__in=FINISHED, code__isnull=False)
            .order_by("id")
            .values_list("code", flat=True)
        )

    def source(self, ref: str) -> ArchiveSource | None:
        section = (
            Section.objects.select_related("tender", "tender__buyer", "tender__agency")
            .filter(code=ref, status__in=FINISHED)
            .first()
        )
        return None if section is None else section_archive_source(section)


def section_archive_source(section: Section) -> ArchiveSource:
    tender = section.tender
    files: dict[str, bytes] = {}
    targets: list[tuple[str, str]] = [
        ("tendering.section", str(section.pk)),
        ("tendering.tender", str(tender.pk)),
    ]
    files["section.json"] = _json(
        {
            "code": section.code,
            "title": section.title,
            "status": section.status,
            "tender": tender.code,
            "tenderTitle": tender.title,
            "currency": section.currency,
            "estimatedAmount": section.estimated_amount,
            "ceilingAmount": section.ceiling_amount,
            "failureReason": section.failure_reason,
            "buyer": tender.buyer.uscc,
            "agency": tender.agency.uscc if tender.agency_id else "",
            "catalogueCode": tender.catalogue_code,
            "procedureType": tender.procedure_type_id,
        }
    )
    notices = Notice.objects.filter(
        source_type__in=("tendering.tender", "tendering.section"),
        source_id__in=(str(tender.pk), str(section.pk)),
    ).order_by("published_at", "id")
    for notice in notices:
        if notice.source_type == "tendering.tender" and notice.source_id != str(tender.pk):
            continue
        if notice.source_type == "tendering.section" and notice.source_id != str(section.pk):
            continue
        files[f"notices/{notice.pk:08d}-{notice.kind}.json"] = _json(
            {
                "kind": notice.kind,
                "title": notice.title,
                "body": notice.body,
                "publishedAt": notice.published_at,
                "projectCode": notice.project_code,
            }
        )
        targets.append((Notice._meta.label_lower, str(notice.pk)))
    files["documents/tender-document.txt"] = tender.description.encode()
    clarifications = Clarification.objects.filter(tender=tender).order_by("issued_at")
    if clarifications:
        files["documents/clarifications.json"] = _json(
            [
                {
                    "body": c.body,
                    "issuedAt": c.issued_at,
                    "oldDeadline": c.old_deadline,
                    "newDeadline": c.new_deadline,
                }
                for c in clarifications
            ]
        )
    for bid in Bid.objects.filter(section=section).select_related("bidder").order_by("id"):
        folder = f"bids/{bid.pk:08d}-{bid.bidder.uscc}"
        targets.append(("tendering.bid", str(bid.pk)))
        envelope = stored_envelope_text(bid)
        if envelope is not None:
            files[f"{folder}/envelope.jwe"] = envelope.encode()
        files[f"{folder}/manifest.jws"] = bid.manifest.encode()
        files[f"{folder}/receipt.jws"] = bid.receipt.encode()
        files[f"{folder}/opening-record.json"] = _json(
            {
                "status": bid.status,
                "envelopeSha256": bid.envelope_sha256,
                "receivedAt": bid.received_at,
                "retractedAt": bid.retracted_at,
                "decidedAt": bid.decided_at,
                "failureCode": bid.failure_code,
                "declared": bid.declared,
                "files": bid.files,
                "manifest": bid.manifest_payload,
            }
        )
    result = EvaluationResult.objects.filter(section=section).first()
    if result is not None:
        files["evaluation/report.json"] = _json(
            {
                "report": result.report,
                "reportSha256": result.report_sha256,
                "acceptedAt": result.accepted_at,
            }
        )
        targets.append(("tendering.evaluationresult", str(result.pk)))
    award = Award.objects.filter(section=section).prefetch_related("result_notices").first()
    if award is not None:
        files["award/award-notice.jws"] = award.notice_jws.encode()
        for notice in award.result_notices.all():
            files[f"award/result-notice-{notice.bid_id:08d}.jws"] = notice.jws.encode()
        targets.append(("tendering.award", str(award.pk)))
    contract = Contract.objects.filter(section=section).first()
    finished_at = section.updated_at
    if contract is not None:
        files["contract/contract.json"] = _json(
            {
                "status": contract.status,
                "amount": contract.amount,
                "buyerSignedAt": contract.buyer_signed_at,
                "supplierSignedAt": contract.supplier_signed_at,
                "signedAt": contract.signed_at,
            }
        )
        targets.append(("tendering.contract", str(contract.pk)))
        finished_at = contract.signed_at or finished_at
    regulators = CatalogueEntry.objects.filter(code=tender.catalogue_code).values_list(
        "regulators__uscc", flat=True
    )
    return ArchiveSource(
        kind="section",
        ref=section.code or section.reference,
        title=section.title,
        outcome=section.get_status_display(),
        finished_at=finished_at,
        catalogue_code=tender.catalogue_code,
        buyer_uscc=tender.buyer.uscc,
        agency_uscc=tender.agency.uscc if tender.agency_id else "",
        regulator_usccs=tuple(sorted(u for u in regulators if u)),
        files=files,
        audit_targets=tuple(targets),
        extra_info={"Ggzy-Section-Status": section.status},
    )
