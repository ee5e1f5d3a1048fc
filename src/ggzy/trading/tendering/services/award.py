"""After evaluation: candidate publicity (works, 条例54), award (定标; state-funded works: rank 1, 条例55), signed
award notice, result notice (GP term, 87号令69), contract (法46 / 87号令71), performance.

``evaluation_report_accept`` is the interface the evaluation app calls with the committee's report.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

from django.db import IntegrityError, transaction

from ggzy.core import audit, calendar, clock
from ggzy.core.audit import canonical_json
from ggzy.core.crypto.platform_keys import sign_platform_jws
from ggzy.core.exceptions import Conflict, Forbidden, InvalidInput
from ggzy.core.money import parse_money
from ggzy.hub.experts.models import Draw
from ggzy.hub.experts.services.draws import draw_publish
from ggzy.parties.roles import Role

from .. import deadlines
from ..models import (
    Award,
    Bid,
    Candidate,
    Contract,
    ContractAlert,
    EvaluationResult,
    PerformanceRecord,
    PublicityObjection,
    ResultNotice,
    Section,
)
from ..notices import publish_notice
from ..rules import publicity_objection_open
from ..states import CONTRACT, SECTION, BidStatus, ContractStatus, SectionStatus
from .common import lock_section, require_bidder, require_manager


def _money(amount) -> str:
    return f"{amount:,.2f} 元" if amount is not None else "—"


@transaction.atomic
def evaluation_report_accept(*, actor, section: Section, report: dict) -> EvaluationResult:
    """Accept the evaluation committee's report: works start the candidate publicity (条例54); GP goes
    straight to the award, its result notice following the decision (87号令69).

    ``report``: ``{"candidates": [{"bidId": int, "rank": 1, "score": "92.5"}, ...], ...}`` — ranked,
    at most ``max_candidates`` (条例53), each a decrypted bid of the section. Other members are kept as
    given (e.g. the committee's signatures). ``actor``: the evaluation service's user or None (system).
    """
    section = lock_section(section.pk)
    if (
        actor is not None
        and getattr(actor, "is_authenticated", False)
        and actor.role not in (Role.EXPERT, Role.OPERATOR, Role.BUYER, Role.AGENCY)
    ):
        raise Forbidden(code="role_forbidden")
    if section.status != SectionStatus.OPENED:
        raise Conflict("标段未处于已开标状态", code="invalid_state", details={"status": section.status})
    procedure = section.tender.procedure_type
    rows = report.get("candidates") if isinstance(report, dict) else None
    if not rows or not isinstance(rows, list) or len(rows) > procedure.max_candidates:
        raise InvalidInput(
            f"中标候选人应为1至{procedure.max_candidates}个",
            code="invalid_candidates",
            details={"rule": procedure.basis("max_candidates")},
        )
    ranks = sorted(int(r.get("rank", 0)) for r in rows)
    if ranks != list(range(1, len(rows) + 1)):
        raise InvalidInput("候选人排名应为1起连续整数", code="invalid_candidates")
    now = clock.now()
    digest = hashlib.sha256(canonical_json(report)).hexdigest()
    result = EvaluationResult.objects.create(
        section=section,
        report=report,
        report_sha256=digest,
        accepted_at=now,
        accepted_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    lines = [f"标段编号：{section.code}"]
    for row in sorted(rows, key=lambda r: int(r["rank"])):
        bid = (
            Bid.objects.select_related("bidder")
            .filter(pk=row.get("bidId"), section=section, status=BidStatus.DECRYPTED)
            .first()
        )
        if bid is None:
            raise InvalidInput(
                "候选人须为本标段有效投标", code="invalid_candidates", details={"bidId": row.get("bidId")}
            )
        Candidate.objects.create(
            section=section, bid=bid, rank=int(row["rank"]), score=str(row.get("score", ""))[:20]
        )
        lines.append(f"第{row['rank']}名：{bid.bidder.name} 投标报价：{_money(bid.price_amount)}")
    if not deadlines.has_candidate_publicity(procedure):
        # GP: no candidate publicity before the award; the buyer decides, then the result notice is
        # published with its term (87号令69).
        SECTION.move(
            section,
            SectionStatus.AWARD_PENDING,
            actor=actor,
            extra_fields=["updated_at"],
            audit_action="section.evaluation_accepted",
            audit_details={"reportSha256": digest, "candidates": [r.get("bidId") for r in rows]},
        )
        return result
    end = deadlines.publicity_end(procedure, now)
    section.publicity_start, section.publicity_end = now, calendar.end_of_day(end.date)
    section.next_check_at = section.publicity_end
    SECTION.move(
        section,
        SectionStatus.PUBLICITY,
        actor=actor,
        extra_fields=["publicity_start", "publicity_end", "next_check_at", "updated_at"],
        audit_action="section.evaluation_accepted",
        audit_details={
            "reportSha256": digest,
            "candidates": [r.get("bidId") for r in rows],
            "publicityEnd": section.publicity_end,
        },
    )
    lines.append(
        f"公示期：{now.astimezone(clock.SHANGHAI):%Y-%m-%d %H:%M} 至 {end.date.isoformat()} 24:00"
        f"{'（含未公布的节假日安排，按周末估算）' if end.is_estimated else ''}"
    )
    lines.append(
        f"投标人或其他利害关系人对评标结果有异议的，应在公示期内提出（{procedure.basis('publicity_days')}）。"
    )
    publish_notice(
        actor=actor,
        kind="candidates",
        tender=section.tender,
        source=section,
        title=f"{section.tender.title} {section.title} 中标候选人公示",
        body="\n".join(lines),
    )
    return result


def section_publicity_close(*, section: Section) -> Section:
    """Publicity over and no objection pending → 待定标. Caller holds the row lock."""
    if section.publicity_objections.filter(answered_at__isnull=True).exists():
        return section
    section.next_check_at = None
    SECTION.move(
        section,
        SectionStatus.AWARD_PENDING,
        actor=None,
        extra_fields=["next_check_at", "updated_at"],
        audit_action="section.publicity_closed",
    )
    return section


@transaction.atomic
def publicity_objection_raise(*, actor, section: Section, text: str) -> PublicityObjection:
    """异议 against the candidates during the publicity: pauses the process until answered (条例54)."""
    entity = require_bidder(actor)
    section = lock_section(section.pk)
    if not section.bids.filter(bidder=entity).exclude(status=BidStatus.RETRACTED).exists():
        raise Forbidden("仅本标段投标人可提出异议", code="not_participant")
    now = clock.now()
    if not publicity_objection_open(section, status=section.status, now=now):
        raise Conflict("不在公示期内", code="not_in_publicity")
    text = (text or "").strip()
    if not text:
        raise InvalidInput("异议内容不能为空", code="invalid_text")
    row = PublicityObjection.objects.create(
        section=section, entity=entity, raised_by=actor, text=text, raised_at=now
    )
    if section.status == SectionStatus.PUBLICITY:
        SECTION.move(
            section,
            SectionStatus.PAUSED,
            actor=actor,
            extra_fields=["updated_at"],
            audit_details={"objection": row.pk},
        )
    audit.record(
        actor=actor, action="publicity.objection_raised", target=row, payload={"section": section.code}
    )
    return row


@transaction.atomic
def publicity_objection_answer(*, actor, objection: PublicityObjection, answer: str) -> PublicityObjection:
    objection = PublicityObjection.objects.select_for_update().get(pk=objection.pk)
    section = lock_section(objection.section_id)
    require_manager(actor, section.tender)
    if objection.answered_at:
        raise Conflict("该异议已答复", code="already_answered")
    answer = (answer or "").strip()
    if not answer:
        raise InvalidInput("答复不能为空", code="invalid_text")
    objection.answer, objection.answered_at = answer, clock.now()
    objection.save(update_fields=["answer", "answered_at"])
    if (
        section.status == SectionStatus.PAUSED
        and not section.publicity_objections.filter(answered_at__isnull=True).exists()
    ):
        SECTION.move(
            section,
            SectionStatus.PUBLICITY,
            actor=actor,
            extra_fields=["updated_at"],
            audit_details={"objection": objection.pk},
        )
        if clock.now() >= section.publicity_end:
            section_publicity_close(section=section)
    audit.record(actor=actor, action="publicity.objection_answered", target=objection, payload={})
    return objection


def _sign_award_notice(payload: dict) -> str:
    return sign_platform_jws(payload)


# 条例55: the legal reasons for which a state-funded works tender may award a candidate other than rank 1.
RANK_ONE_EXCEPTIONS = {
    "first_declined": "排名第一的中标候选人放弃中标",
    "force_majeure": "排名第一的中标候选人因不可抗力不能履行合同",
    "no_performance_bond": "排名第一的中标候选人未按招标文件要求提交履约保证金",
    "violation_found": "排名第一的中标候选人被查实存在影响中标结果的违法行为",
}


def _require_rank_one(section: Section, candidate: Candidate, reason: str) -> str:
    """State-funded works tenders award rank 1 (条例55); another rank only with a recorded legal reason."""
    procedure = section.tender.procedure_type
    rank_rule = procedure.rule_for("award_rank")
    if rank_rule is None or not section.tender.state_funded or candidate.rank == rank_rule.value:
        return ""
    if reason not in RANK_ONE_EXCEPTIONS:
        raise InvalidInput(
            f"国有资金占控股或者主导地位的项目应确定排名第一的中标候选人为中标人；确定其他候选人须说明法定情形"
            f"（{procedure.basis('award_rank')}）",
            code="rank_one_required",
            details={
                "rule": procedure.basis("award_rank"),
                "rank": candidate.rank,
                "reasons": RANK_ONE_EXCEPTIONS,
            },
        )
    return reason


@transaction.atomic
def award_decide(*, actor, section: Section, bid: Bid, reason: str = "") -> Award:
    """定标: the buyer picks a candidate after the publicity; signed 中标通知书 and result notice published.

    ``reason``: for a state-funded works tender, the 条例55 reason (a ``RANK_ONE_EXCEPTIONS`` key) for not
    awarding rank 1; recorded in the audit record and the public result notice."""
    section = lock_section(section.pk)
    require_manager(actor, section.tender)
    if section.status != SectionStatus.AWARD_PENDING:
        raise Conflict(
            "公示未结束或异议未处理完毕，暂不能定标", code="invalid_state", details={"status": section.status}
        )
    candidate = section.candidates.select_related("bid__bidder").filter(bid_id=bid.pk).first()
    if candidate is None:
        raise InvalidInput("中标人须为评标委员会推荐的中标候选人", code="not_a_candidate")
    exception = _require_rank_one(section, candidate, reason)
    now = clock.now()
    winner = candidate.bid
    payload = {
        "type": "ggzy-award-notice/1",
        "tender": section.tender.code,
        "section": section.code,
        "sectionId": str(section.pk),
        "buyer": section.tender.buyer.uscc,
        "winner": winner.bidder.uscc,
        "winnerName": winner.bidder.name,
        "bidId": str(winner.pk),
        "amount": f"{winner.price_amount:.2f}" if winner.price_amount is not None else None,
        "currency": winner.price_currency or "CNY",
        "rank": candidate.rank,
        "issuedAt": now.isoformat(),
    }
    award = Award.objects.create(
        section=section, bid=winner, decided_at=now, decided_by=actor, notice_jws=_sign_award_notice(payload)
    )
    for other in (
        section.bids.exclude(pk=winner.pk).exclude(status=BidStatus.RETRACTED).select_related("bidder")
    ):
        claims = {
            "type": "ggzy-result-notice/1",
            "tender": section.tender.code,
            "section": section.code,
            "sectionId": str(section.pk),
            "bidder": other.bidder.uscc,
            "bidId": str(other.pk),
            "bidStatus": other.status,
            "awarded": False,
            "winner": winner.bidder.uscc,
            "winnerName": winner.bidder.name,
            "issuedAt": now.isoformat(),
        }
        ResultNotice.objects.create(award=award, bid=other, jws=_sign_award_notice(claims), issued_at=now)
    due = deadlines.contract_due(section.tender.procedure_type, now)
    Contract.objects.create(
        section=section,
        award=award,
        amount=winner.price_amount or Decimal("0"),
        due_date=due.date,
        due_is_estimated=due.is_estimated,
        next_check_at=calendar.end_of_day(due.date),
    )
    SECTION.move(
        section,
        SectionStatus.AWARDED,
        actor=actor,
        extra_fields=["updated_at"],
        audit_action="section.awarded",
        audit_details={
            "bid": winner.pk,
            "winner": winner.bidder.uscc,
            "rank": candidate.rank,
            "contractDue": due.date.isoformat(),
            **({"exception": exception, "rule": "条例55"} if exception else {}),
        },
    )
    others = [
        c.bid.bidder.name for c in section.candidates.select_related("bid__bidder").exclude(pk=candidate.pk)
    ]
    procedure = section.tender.procedure_type
    lines = [
        f"标段编号：{section.code}",
        f"中标人：{winner.bidder.name}（{winner.bidder.uscc}）",
        f"中标金额：{_money(winner.price_amount)}",
        f"未中标候选人：{'、'.join(others) or '无'}",
    ]
    if exception:
        lines.append(
            f"确定排名第{candidate.rank}的中标候选人为中标人，因{RANK_ONE_EXCEPTIONS[exception]}"
            f"（{procedure.basis('award_rank')}）。"
        )
    notice_end = deadlines.result_notice_end(procedure, now)
    if notice_end is not None:
        lines.append(
            f"公告期限：至 {notice_end.date.isoformat()} 24:00（{procedure.basis('result_notice_days')}）"
            f"{'（含未公布的节假日安排，按周末估算）' if notice_end.is_estimated else ''}"
        )
    lines.append(f"合同应于 {due.date.isoformat()} 前签订（{procedure.basis('contract_days')}）。")
    publish_notice(
        actor=actor,
        kind="award",
        tender=section.tender,
        source=section,
        title=f"{section.tender.title} {section.title} 中标结果公告",
        body="\n".join(lines),
    )
    _publish_expert_draws(section, now)
    return award


def _publish_expert_draws(section: Section, now) -> None:
    """The expert list is published with the result (87号令69; expert-draw spec "Publication")."""
    finished = (Draw.Status.COMPLETE, Draw.Status.SHORT)
    for draw in Draw.objects.filter(
        section=section, published_at__isnull=True, status__in=finished, evaluation_at__lte=now
    ):
        draw_publish(actor=None, draw=draw)


@transaction.atomic
def contract_sign(*, actor, contract: Contract) -> Contract:
    """Each party signs once (buyer/agency side, then or before the winner); both → 合同公告."""
    contract = (
        Contract.objects.select_for_update()
        .select_related("section__tender", "award__bid__bidder")
        .get(pk=contract.pk)
    )
    tender = contract.section.tender
    now = clock.now()
    if actor.role == Role.BIDDER and actor.entity_id == contract.award.bid.bidder_id:
        if contract.supplier_signed_at:
            raise Conflict("中标人已签署", code="already_signed")
        contract.supplier_signed_at = now
    else:
        require_manager(actor, tender)
        if contract.buyer_signed_at:
            raise Conflict("招标人已签署", code="already_signed")
        contract.buyer_signed_at = now
    fields = ["buyer_signed_at", "supplier_signed_at"]
    signed = {"party": "supplier" if actor.role == Role.BIDDER else "buyer"}
    if not (contract.buyer_signed_at and contract.supplier_signed_at):
        contract.save(update_fields=fields)
        audit.record(
            actor=actor, action="contract.signed", target=contract, payload={**signed, "complete": False}
        )
        return contract
    contract.signed_at, contract.next_check_at = now, None
    CONTRACT.move(
        contract,
        ContractStatus.SIGNED,
        actor=actor,
        extra_fields=[*fields, "signed_at", "next_check_at"],
        audit_action="contract.signed",
        audit_details={**signed, "complete": True},
    )
    section = lock_section(contract.section_id)
    SECTION.move(section, SectionStatus.CONTRACTED, actor=actor, extra_fields=["updated_at"])
    publish_notice(
        actor=actor,
        kind="contract",
        tender=tender,
        source=contract,
        title=f"{tender.title} {contract.section.title} 合同公告",
        body=f"标段编号：{contract.section.code}\n采购人/招标人：{tender.buyer.name}\n"
        f"供应商/中标人：{contract.award.bid.bidder.name}\n合同金额：{_money(contract.amount)}\n"
        f"签订日期：{calendar.local_date(now).isoformat()}",
    )
    return contract


def contract_flag_overdue(*, contract: Contract) -> ContractAlert | None:
    """Not signed by both parties within the period → one alert record. Caller holds the row lock."""
    contract.next_check_at = None
    contract.save(update_fields=["next_check_at"])
    if contract.status == ContractStatus.SIGNED:
        return None
    try:
        with transaction.atomic():
            alert = ContractAlert.objects.create(
                contract=contract,
                code="contract_overdue",
                created_at=clock.now(),
                message=f"中标通知书发出后未在法定期限内（{contract.due_date.isoformat()}前）签订合同"
                f"（{contract.section.tender.procedure_type.basis('contract_days')}）",
            )
    except IntegrityError:
        return None
    audit.record(
        actor=None, action="contract.overdue", target=contract, payload={"due": contract.due_date.isoformat()}
    )
    return alert


@transaction.atomic
def performance_record_add(
    *, actor, contract: Contract, kind: str, description: str, on_date: dt.date, amount=None
) -> PerformanceRecord:
    """履约信息: milestones, acceptance, payments — recorded by the buyer side and published."""
    contract = Contract.objects.select_related("section__tender").get(pk=contract.pk)
    tender = contract.section.tender
    require_manager(actor, tender)
    if contract.status != ContractStatus.SIGNED:
        raise Conflict("合同尚未签订", code="contract_not_signed")
    if kind not in PerformanceRecord.Kind.values:
        raise InvalidInput("履约记录类型不正确", code="invalid_kind")
    description = (description or "").strip()
    if not description:
        raise InvalidInput("请填写履约内容", code="invalid_text")
    value = None
    if amount not in (None, ""):
        value = parse_money(amount, field="amount", allow_zero=True)
    row = PerformanceRecord.objects.create(
        contract=contract,
        kind=kind,
        description=description,
        amount=value,
        on_date=on_date,
        recorded_at=clock.now(),
        recorded_by=actor,
    )
    publish_notice(
        actor=actor,
        kind="performance",
        tender=tender,
        source=row,
        title=f"{tender.title} {contract.section.title} 履约信息（{row.get_kind_display()}）",
        body=f"标段编号：{contract.section.code}\n日期：{on_date.isoformat()}\n{description}"
        + (f"\n金额：{_money(value)}" if value is not None else ""),
    )
    audit.record(actor=actor, action="contract.performance_recorded", target=row, payload={"kind": kind})
    return row
