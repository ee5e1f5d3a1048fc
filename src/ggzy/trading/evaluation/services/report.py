"""Evaluation report: prepared by the chair, signed by every active member, then handed over."""

from __future__ import annotations

from django.db import transaction

from ggzy.core import audit, clock
from ggzy.core.exceptions import Conflict, Forbidden, GgzyError
from ggzy.core.legal_rules import rule
from ggzy.hub.experts.services import evaluation_record_add
from ggzy.parties.permissions import require_role
from ggzy.parties.roles import Role
from ggzy.trading.tendering.models import Bid as TenderBid
from ggzy.trading.tendering.services.award import evaluation_report_accept

from .. import results, rules
from ..models import Committee, Member, Report, ReportSignature
from ..states import COMMITTEE
from .committee import check_composition
from .common import lock_committee, refuse, require_enough_valid_bids, seat_of

MAX_CANDIDATES = rule("条例53").value  # at most 3 ranked candidates


def report_prepare(*, actor, committee: Committee) -> Report:
    with transaction.atomic():
        committee = lock_committee(committee)
        refuse(rules.report_prepare_refusal(seat_of(actor, committee), committee))  # ``may_prepare_report``
        require_enough_valid_bids(committee)
        active = list(Member.objects.filter(committee=committee, status=Member.Status.ACTIVE))
        check_composition(
            total=len(active),
            experts=sum(m.kind == Member.Kind.EXPERT for m in active),
            procurement=committee.procurement,
            budget=committee.budget,
        )
        ranking = results.as_json(results.compute_ranking(committee))
        if not ranking:
            raise Conflict("所有投标均被否决，无中标候选人", code="no_valid_bids")
        candidates = [
            {
                "rank": r["rank"],
                "bidderUscc": r["bidderUscc"],
                "bidderName": r["bidderName"],
                **({"total": r["total"]} if "total" in r else {"evaluatedPrice": r["evaluatedPrice"]}),
            }
            for r in ranking[:MAX_CANDIDATES]
        ]
        disq = list(committee.bids.filter(disqualified=True).values("bidder_uscc", "disqualification_reason"))
        content = {
            "sectionId": committee.section_ref,
            "method": committee.method,
            "ranking": ranking,
            "candidates": candidates,
            "disqualified": disq,
            "members": sorted(m.pk for m in active),
        }
        report, _ = Report.objects.update_or_create(
            committee=committee,
            defaults={
                "ranking": ranking,
                "candidates": candidates,
                "content_digest": audit.digest(content),
                "prepared_at": clock.now(),
                "signed_at": None,
            },
        )
        ReportSignature.objects.filter(report=report).delete()
        COMMITTEE.move(
            committee,
            Committee.Status.REPORTED,
            actor=actor,
            audit_action="evaluation.report_prepared",
            audit_details={"digest": report.content_digest, "candidates": len(candidates)},
        )
    return report


def report_sign(*, actor, committee: Committee, dissent: str = "") -> ReportSignature:
    """Every active member signs; a dissenting opinion is recorded with the signature."""
    with transaction.atomic():
        committee = lock_committee(committee)
        member = seat_of(actor, committee, lock=True)
        refuse(rules.report_sign_refusal(member, committee))  # the rule the page asks (``may_sign_report``)
        report = Report.objects.select_for_update().get(committee=committee)
        sig = ReportSignature.objects.create(
            report=report,
            member=member,
            signed_at=clock.now(),
            digest=report.content_digest,
            dissent=dissent.strip(),
        )
        audit.record(
            actor=actor,
            action="evaluation.report_signed",
            target=committee,
            payload={"member": member.pk, "digest": report.content_digest, "dissent": bool(sig.dissent)},
        )
        active = Member.objects.filter(committee=committee, status=Member.Status.ACTIVE)
        if active.exclude(signature__report=report).exists():
            return sig
        report.signed_at = clock.now()
        report.save(update_fields=["signed_at"])
        COMMITTEE.move(
            committee,
            Committee.Status.SIGNED,
            actor=None,
            audit_action="evaluation.report_signed_by_all",
            audit_details={"digest": report.content_digest},
        )
        _record_evaluations(committee, active)
        _hand_over(committee, report)
    return sig


def _record_evaluations(committee: Committee, active) -> None:
    for m in active.filter(kind=Member.Kind.EXPERT).select_related("expert"):
        evaluation_record_add(
            actor=None,
            expert=m.expert,
            buyer_uscc=committee.buyer_uscc,
            section_ref=committee.section_ref,
            evaluated_at=committee.starts_at,
            draw=committee.draw,
        )


def _tendering_report(committee: Committee, report: Report) -> dict:
    """The report in the shape tendering's ``evaluation_report_accept`` takes: candidates ranked 1..n
    (ties keep the committee's order: price, then as listed), each naming tendering's bid."""
    by_id = {b.pk: b for b in committee.bids.all()}
    rows = []
    for position, cand in enumerate(report.candidates, start=1):
        row = next(r for r in report.ranking if r["bidderUscc"] == cand["bidderUscc"])
        bid = by_id[row["bidId"]]
        source = (
            bid.source_bid_id
            or TenderBid.objects.filter(section_id=committee.section_id, bidder__uscc=bid.bidder_uscc)
            .values_list("pk", flat=True)
            .first()
        )
        rows.append(
            {
                "bidId": source,
                "rank": position,
                "committeeRank": cand["rank"],
                "score": cand.get("total") or cand.get("evaluatedPrice"),
            }
        )
    signatures = [
        {"member": s.member_id, "signedAt": s.signed_at.isoformat(), "digest": s.digest, "dissent": s.dissent}
        for s in report.signatures.order_by("member_id")
    ]
    return {
        "candidates": rows,
        "method": committee.method,
        "reportDigest": report.content_digest,
        "signatures": signatures,
        "ranking": report.ranking,
    }


def _hand_over(committee: Committee, report: Report) -> bool:
    """Hand the signed report to tendering (candidate publicity). A refusal there (e.g. the section is
    not in the opened state) leaves the report signed here, to be retried with ``report_hand_over``."""
    if committee.section_id is None:
        return False

    try:
        with transaction.atomic():
            evaluation_report_accept(
                actor=None, section=committee.section, report=_tendering_report(committee, report)
            )
    except GgzyError as exc:
        audit.record(
            actor=None,
            action="evaluation.handover_refused",
            target=committee,
            payload={"code": exc.code, "message": exc.message},
        )
        return False
    report.handed_over_at = clock.now()
    report.save(update_fields=["handed_over_at"])
    COMMITTEE.move(
        committee,
        Committee.Status.HANDED_OVER,
        actor=None,
        audit_action="evaluation.report_handed_over",
        audit_details={"digest": report.content_digest},
    )
    return True


def report_hand_over(*, actor, committee: Committee) -> Report:
    """Retry the hand-over (the project's agency or buyer, or an operator). Refused unless every
    active member has signed."""
    require_role(actor, Role.AGENCY, Role.BUYER, Role.OPERATOR)
    if actor.role != Role.OPERATOR and (
        actor.entity is None or actor.entity.uscc not in (committee.agency_uscc, committee.buyer_uscc)
    ):
        raise Forbidden(code="not_project_party")
    with transaction.atomic():
        committee = lock_committee(committee)
        report = Report.objects.filter(committee=committee).first()
        if report is None or committee.status in (
            Committee.Status.REPORTED,
            Committee.Status.SCORED,
            Committee.Status.SCORING,
            Committee.Status.FORMED,
        ):
            raise Conflict("评标报告尚未经全体成员签署", code="report_unsigned")
        if committee.status == Committee.Status.HANDED_OVER:
            raise Conflict("评标报告已提交", code="report_handed_over")
        if committee.section_id is None:
            raise Conflict("评标委员会未关联招投标标段", code="no_section")
        if not _hand_over(committee, report):
            raise Conflict("招投标系统未接收评标报告，请查看审计记录", code="handover_refused")
    return report
