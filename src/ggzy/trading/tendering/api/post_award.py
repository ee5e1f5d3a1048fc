from __future__ import annotations

from typing import Literal

from ninja import Schema, Status

from ggzy.core.api_types import Amount, IsoDate
from ggzy.core.exceptions import NotFound
from ggzy.parties.auth import API_AUTH

from .. import selectors
from ..models import Bid, Contract, PublicityObjection, ResultNotice
from ..services import award, transitions
from . import router


class PublicityObjectionIn(Schema):
    text: str


class PublicityObjectionAnswerIn(Schema):
    answer: str


class AwardIn(Schema):
    bidId: int
    # 条例55: for a state-funded works tender, why a candidate other than rank 1 is chosen
    reason: Literal["", "first_declined", "force_majeure", "no_performance_bond", "violation_found"] = ""


class PerformanceIn(Schema):
    kind: str
    description: str
    date: IsoDate
    amount: Amount | None = None


def _contract_dict(c: Contract) -> dict:
    return {
        "id": c.pk,
        "sectionId": c.section_id,
        "status": c.status,
        "amount": str(c.amount),
        "dueDate": c.due_date.isoformat(),
        "dueIsEstimated": c.due_is_estimated,
        "buyerSignedAt": c.buyer_signed_at.isoformat() if c.buyer_signed_at else None,
        "supplierSignedAt": c.supplier_signed_at.isoformat() if c.supplier_signed_at else None,
        "alerts": [{"code": a.code, "message": a.message} for a in c.alerts.all()],
    }


@router.post(
    "/sections/{section_id}/publicity/objections",
    auth=API_AUTH,
    response={201: dict},
    summary="对中标候选人提出异议（公示暂停）",
)
def publicity_objection(request, section_id: int, payload: PublicityObjectionIn):
    transitions.section_apply_due(section_id=section_id)  # the explicit step before a write
    section = selectors.section_visible(request.user, section_id)
    row = award.publicity_objection_raise(actor=request.user, section=section, text=payload.text)
    return Status(201, {"id": row.pk})


@router.post("/publicity-objections/{objection_id}/answer", auth=API_AUTH, summary="答复公示异议")
def publicity_objection_answer(request, objection_id: int, payload: PublicityObjectionAnswerIn):
    row = PublicityObjection.objects.filter(pk=objection_id).first()
    if row is None:
        raise NotFound()
    row = award.publicity_objection_answer(actor=request.user, objection=row, answer=payload.answer)
    return {"id": row.pk, "answeredAt": row.answered_at.isoformat()}


@router.post("/sections/{section_id}/award", auth=API_AUTH, summary="定标：发出中标通知书（平台签名）")
def section_award(request, section_id: int, payload: AwardIn):
    transitions.section_apply_due(section_id=section_id)  # the explicit step before a write
    section = selectors.section_visible(request.user, section_id)
    bid = Bid.objects.filter(pk=payload.bidId, section=section).first()
    if bid is None:
        raise NotFound()
    row = award.award_decide(actor=request.user, section=section, bid=bid, reason=payload.reason)
    return {"id": row.pk, "noticeJws": row.notice_jws, "contract": _contract_dict(row.contract)}


@router.get("/sections/{section_id}/contract", auth=API_AUTH, summary="合同")
def contract_get(request, section_id: int):
    section = selectors.section_visible(request.user, section_id)
    contract = Contract.objects.filter(section=section).first()
    if contract is None:
        raise NotFound()
    return _contract_dict(contract)


@router.post("/contracts/{contract_id}/sign", auth=API_AUTH, summary="签订合同（双方各签一次）")
def contract_sign(request, contract_id: int):
    contract = Contract.objects.filter(pk=contract_id).first()
    if contract is None:
        raise NotFound()
    return _contract_dict(award.contract_sign(actor=request.user, contract=contract))


@router.post("/contracts/{contract_id}/performance", auth=API_AUTH, response={201: dict}, summary="履约记录")
def performance_add(request, contract_id: int, payload: PerformanceIn):
    contract = Contract.objects.filter(pk=contract_id).first()
    if contract is None:
        raise NotFound()
    row = award.performance_record_add(
        actor=request.user,
        contract=contract,
        kind=payload.kind,
        description=payload.description,
        on_date=payload.date,
        amount=payload.amount,
    )
    return Status(201, {"id": row.pk})


@router.get(
    "/sections/{section_id}/my-result", auth=API_AUTH, summary="本单位的中标通知书或结果通知书（平台签名）"
)
def my_result(request, section_id: int):
    section = selectors.section_visible(request.user, section_id)
    mine = selectors.my_bids(request.user, section).exclude(status="retracted").first()
    if mine is None or not hasattr(section, "award"):
        raise NotFound()
    if section.award.bid_id == mine.pk:
        return {"awarded": True, "jws": section.award.notice_jws}
    notice = ResultNotice.objects.filter(bid=mine).first()
    if notice is None:
        raise NotFound()
    return {"awarded": False, "jws": notice.jws}
