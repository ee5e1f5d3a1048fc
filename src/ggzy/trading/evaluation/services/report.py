"""Evaluation report: prepared by the chair, signed by every active member, then handed over."""

from __future__ import annotations

from django.db import transaction

from ggzy.core import audit, clock
from ggzy.core.exceptions import Conflict, Forbidden

from .. import results
from ..models import Committee, Member, Report, ReportSignature
from .committee import check_composition
from .common import active_member, lock_committee, require_status

MAX_CANDIDATES = 3  # 条例53


def report_prepare(*, actor, committee: Committee) -> Report:
    chair = active_member(actor, committee)
    if not chair.is_chair:
        raise Forbidden("此操作由评标委员会主任执行", code="chair_only")
    with transaction.atomic():
        committee = lock_committee(committee)
        require_status(committee, Committee.Status.SCORED)
        active = list(Member.objects.filter(committee=committee, status=Member.Status.ACTIVE))
        check_composition(total=len(active), experts=sum(m.kind == Member.Kind.EXPERT for m in active),
                          procurement=committee.procurement, budget=committee.budget)
        ranking = results.as_json(results.compute_ranking(committee))
        if not ranking:
            raise Conflict("所有投标均被否决，无中标候选人", code="no_valid_bids")
        candidates = [{"rank": r["rank"], "bidderUscc": r["bidderUscc"], "bidderName": r["bidderName"],
                       **({"total": r["total"]} if "total" in r else {"evaluatedPrice": r["evaluatedPrice"]})}
                      for r in ranking[:MAX_CANDIDATES]]
        disq = list(committee.bids.filter(disqualified=True).values("bidder_uscc", "disqualification_reason"))
        content = {"sectionId": committee.section_ref, "method": committee.method, "ranking": ranking,
                   "candidates": candidates, "disqualified": disq,
                   "members": sorted(m.pk for m in active)}
        report, _ = Report.objects.update_or_create(committee=committee, defaults={
            "ranking": ranking, "candidates": candidates, "content_digest": audit.digest(content),
            "prepared_at": clock.now(), "signed_at": None})
        ReportSignature.objects.filter(report=report).delete()
        committee.status = Committee.Status.REPORTED
        committee.save(update_fields=["status"])
        audit.record(actor=actor, action="evaluation.report_prepared", target=committee,
                     payload={"digest": report.content_digest, "candidates": len(candidates)})
    return report


def report_sign(*, actor, committee: Committee, dissent: str = "") -> ReportSignature:
    """Every active member signs; a dissenting opinion is recorded with the signature."""
    member = active_member(actor, committee)
    with transaction.atomic():
        committee = lock_committee(committee)
        require_status(committee, Committee.Status.REPORTED)
        report = Report.objects.select_for_update().get(committee=committee)
        if ReportSignature.objects.filter(member=member).exists():
            raise Conflict("已签署评标报告", code="already_signed")
        sig = ReportSignature.objects.create(report=report, member=member, signed_at=clock.now(),
                                             digest=report.content_digest, dissent=dissent.strip())
        audit.record(actor=actor, action="evaluation.report_signed", target=committee,
                     payload={"member": member.pk, "digest": report.content_digest, "dissent": bool(sig.dissent)})
        active = Member.objects.filter(committee=committee, status=Member.Status.ACTIVE)
        if active.exclude(signature__report=report).exists():
            return sig
        report.signed_at = clock.now()
        report.save(update_fields=["signed_at"])
        committee.status = Committee.Status.SIGNED
        committee.save(update_fields=["status"])
        audit.record(actor=None, action="evaluation.report_signed_by_all", target=committee,
                     payload={"digest": report.content_digest})
        _record_evaluations(committee, active)
        _hand_over(committee, report)
    return sig


def _record_evaluations(committee: Committee, active) -> None:
    from ggzy.hub.experts.services import evaluation_record_add

    for m in active.filter(kind=Member.Kind.EXPERT).select_related("expert"):
        evaluation_record_add(actor=None, expert=m.expert, buyer_uscc=committee.buyer_uscc,
                              section_ref=committee.section_ref, evaluated_at=committee.starts_at,
                              draw=committee.draw)


def _hand_over(committee: Committee, report: Report) -> bool:
    """Hand the signed report to tendering (candidate publicity). Until tendering provides
    ``evaluation_report_accept`` and the Section, the report waits in status "signed"."""
    try:
        from ggzy.trading.tendering.models import Section
        from ggzy.trading.tendering.services import evaluation_report_accept
    except ImportError:
        return False
    section = Section.objects.filter(code=committee.section_ref).first()
    if section is None:
        return False
    evaluation_report_accept(actor=None, section=section, report=report)
    report.handed_over_at = clock.now()
    report.save(update_fields=["handed_over_at"])
    committee.status = Committee.Status.HANDED_OVER
    committee.save(update_fields=["status"])
    audit.record(actor=None, action="evaluation.report_handed_over", target=committee,
                 payload={"digest": report.content_digest})
    return True
