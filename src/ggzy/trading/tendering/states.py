"""Every state machine of the tendering app, in one place.

Only the transition services (``services/``) change ``status``, always through one machine's ``move()``
(:class:`ggzy.core.states.StateMachine`: row lock, the table below, save, audit record). Time-driven moves are done by ``tasks.py`` through the same
services (and, before any write, by ``services.transitions.tender_apply_due``); reads show the due state
computed by ``selectors.section_due_status`` without writing.
"""

from __future__ import annotations

from django.db import models

from ggzy.core.states import StateMachine


class TenderStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"
    TERMINATED = "terminated", "已终止"


class SectionStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    BIDDING = "bidding", "投标中"
    OPENING = "opening", "开标解密中"
    OPENED = "opened", "已开标"
    FAILED = "failed", "流标"
    PUBLICITY = "publicity", "中标候选人公示中"
    PAUSED = "paused", "公示暂停（异议处理中）"
    AWARD_PENDING = "award_pending", "待定标"
    AWARDED = "awarded", "已定标"
    CONTRACTED = "contracted", "已签订合同"
    TERMINATED = "terminated", "已终止"


class BidStatus(models.TextChoices):
    SUBMITTED = "submitted", "已递交"
    RETRACTED = "retracted", "截止前已撤回（投标人）"
    DECRYPTED = "decrypted", "已解密"
    REVOKED = "revoked", "撤销（投标人原因解密失败）"
    WITHDRAWN = "withdrawn", "撤回（非投标人原因解密失败）"


class ContractStatus(models.TextChoices):
    PENDING = "pending", "待签订"
    SIGNED = "signed", "已签订"


_S = SectionStatus
TRANSITIONS: dict[str, dict[str, set[str]]] = {
    "tender": {
        TenderStatus.DRAFT: {TenderStatus.PUBLISHED, TenderStatus.TERMINATED},
        TenderStatus.PUBLISHED: {TenderStatus.TERMINATED},
    },
    "section": {
        _S.DRAFT: {_S.BIDDING, _S.TERMINATED},
        _S.BIDDING: {_S.OPENING, _S.FAILED, _S.TERMINATED},  # deadline: ≥ min bidders → opening, else 流标
        _S.OPENING: {_S.OPENED, _S.TERMINATED},  # all keys decided or window closed → revealed at once
        # evaluation report accepted: works → candidate publicity (条例54); GP → award (no publicity, 87号令69)
        _S.OPENED: {_S.PUBLICITY, _S.AWARD_PENDING, _S.FAILED, _S.TERMINATED},
        _S.PUBLICITY: {_S.PAUSED, _S.AWARD_PENDING, _S.TERMINATED},
        _S.PAUSED: {_S.PUBLICITY, _S.AWARD_PENDING, _S.TERMINATED},  # objections pause (条例54)
        _S.AWARD_PENDING: {_S.AWARDED, _S.TERMINATED},
        _S.AWARDED: {_S.CONTRACTED},
    },
    "bid": {
        BidStatus.SUBMITTED: {
            BidStatus.RETRACTED,
            BidStatus.DECRYPTED,
            BidStatus.REVOKED,
            BidStatus.WITHDRAWN,
        },
    },
    "contract": {ContractStatus.PENDING: {ContractStatus.SIGNED}},
}


TENDER = StateMachine(
    "tendering.Tender",
    transitions=TRANSITIONS["tender"],
    audit_action="tender.status_changed",
    code="invalid_state",
    label="招标项目",
)
SECTION = StateMachine(
    "tendering.Section",
    transitions=TRANSITIONS["section"],
    audit_action="section.status_changed",
    code="invalid_state",
    label="标段",
)
BID = StateMachine(
    "tendering.Bid",
    transitions=TRANSITIONS["bid"],
    audit_action="bid.status_changed",
    code="invalid_state",
    label="投标文件",
)
CONTRACT = StateMachine(
    "tendering.Contract",
    transitions=TRANSITIONS["contract"],
    audit_action="contract.status_changed",
    code="invalid_state",
    label="合同",
)
