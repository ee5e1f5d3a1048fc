"""备案审核 over the JSON API: the same selectors and services as the pages (``/supervision/filings/``).

Who: 交易中心工作人员 (``operator``) file on a sub-platform's behalf and add its documents; the 综合管理部门
(``admin``) starts the review and decides. Both see every filing; anyone else is refused (403), anonymous
callers get 401. Documents come as multipart (``files``), like the alert notes, with the same checks."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.urls import reverse
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from ggzy.core import powers
from ggzy.core.api_types import IsoDate
from ggzy.core.pagination import paginate
from ggzy.parties.auth import API_AUTH

from . import rules, selectors, services
from .models import Filing

router = Router(tags=["filing"])


class FilingSystemIn(Schema):
    name: str = Field(max_length=120)
    change: Literal["upgrade", "rename", "introduce"]
    description: str = Field("", max_length=300)


class FilingIn(Schema):
    platform: str = Field(description="交易分平台编码（交易目录中登记的分平台，如 jsgc）")
    title: str
    scope: str
    plannedStart: IsoDate
    plannedEnd: IsoDate
    systems: list[FilingSystemIn] = Field(max_length=20, description="涉及的系统（至少一个）")


class FilingDecisionIn(Schema):
    decision: Literal["approve", "reject"]
    reason: str = Field("", description="审核意见（必填，不超过2000字）")


class FilingPlatformOut(Schema):
    code: str
    name: str


class FilingSystemOut(Schema):
    name: str
    change: str
    changeLabel: str
    description: str


class FilingDocumentOut(Schema):
    id: int
    name: str
    contentType: str
    size: int
    sha256: str
    uploadedAt: dt.datetime
    url: str


class FilingQualityMonthOut(Schema):
    month: str
    releases: int
    score: float | None


class FilingQualityOut(Schema):
    months: list[FilingQualityMonthOut]
    score: float | None
    threshold: float
    sufficient: bool


class FilingSummaryOut(Schema):
    id: int
    platform: FilingPlatformOut
    title: str
    status: str
    statusLabel: str
    plannedStart: dt.date
    plannedEnd: dt.date
    submittedAt: dt.datetime
    submittedBy: str
    decidedAt: dt.datetime | None


class FilingListOut(Schema):
    items: list[FilingSummaryOut]
    nextCursor: str | None


class FilingOut(FilingSummaryOut):
    scope: str
    decidedBy: str | None
    decisionReason: str
    qualityScoreAtDecision: float | None
    systems: list[FilingSystemOut]
    documents: list[FilingDocumentOut]
    quality: FilingQualityOut
    canStartReview: bool
    canDecide: bool
    powerCode: str


def _person(user) -> str | None:
    if user is None:
        return None
    return user.get_full_name() or user.username


def _summary(filing: Filing) -> dict:
    return {
        "id": filing.pk,
        "platform": {"code": filing.platform.code, "name": filing.platform.platform_name},
        "title": filing.title,
        "status": filing.status,
        "statusLabel": filing.get_status_display(),
        "plannedStart": filing.planned_start,
        "plannedEnd": filing.planned_end,
        "submittedAt": filing.submitted_at,
        "submittedBy": _person(filing.submitted_by),
        "decidedAt": filing.decided_at,
    }


def _detail(user, filing: Filing) -> dict:
    quality = rules.quality_summary(filing.platform.code)
    return {
        **_summary(filing),
        "scope": filing.scope,
        "decidedBy": _person(filing.decided_by),
        "decisionReason": filing.decision_reason,
        "qualityScoreAtDecision": filing.quality_score,
        "systems": [
            {
                "name": s.name,
                "change": s.change,
                "changeLabel": s.get_change_display(),
                "description": s.description,
            }
            for s in filing.systems.all()
        ],
        "documents": [
            {
                "id": d.pk,
                "name": d.name,
                "contentType": d.content_type,
                "size": d.size,
                "sha256": d.sha256,
                "uploadedAt": d.uploaded_at,
                "url": reverse("filing:document", args=[filing.pk, d.pk]),
            }
            for d in filing.documents.all()
        ],
        "quality": {
            "months": [{"month": m.month, "releases": m.releases, "score": m.score} for m in quality.months],
            "score": quality.score,
            "threshold": quality.threshold,
            "sufficient": quality.sufficient,
        },
        "canStartReview": rules.can_start_review(user, filing),
        "canDecide": rules.can_decide(user, filing),
        "powerCode": powers.FILING_REVIEW,
    }


@router.get(
    "/filings", response=FilingListOut, auth=API_AUTH, summary="升级改造备案（综合管理部门、交易中心）"
)
def list_filings(request, cursor: str | None = None, limit: int = 50):
    """Every filing, oldest first; ``nextCursor`` pages on."""
    qs = selectors.filings_visible_to(request.user)
    rows, next_cursor = paginate(qs, cursor=cursor, keys=("id",), limit=limit)
    return {"items": [_summary(f) for f in rows], "nextCursor": next_cursor}


@router.get("/filings/{filing_id}", response=FilingOut, auth=API_AUTH, summary="备案详情及数据质量考核得分")
def get_filing(request, filing_id: int):
    return _detail(request.user, selectors.filing_for(request.user, filing_id))


@router.post("/filings", response={201: FilingOut}, auth=API_AUTH, summary="交易中心代分平台提交升级改造备案")
def submit_filing(request, payload: FilingIn):
    filing = services.filing_submit(
        actor=request.user,
        platform_code=payload.platform,
        title=payload.title,
        scope=payload.scope,
        planned_start=payload.plannedStart,
        planned_end=payload.plannedEnd,
        systems=[s.dict() for s in payload.systems],
    )
    return Status(201, _detail(request.user, selectors.filing_for(request.user, filing.pk)))


@router.post(
    "/filings/{filing_id}/documents", response=FilingOut, auth=API_AUTH, summary="补充备案材料（审核开始前）"
)
def add_documents(request, filing_id: int, files: File[list[UploadedFile]] = None):
    selectors.filing_for(request.user, filing_id)
    services.filing_documents_add(actor=request.user, filing_id=filing_id, documents=files or [])
    return _detail(request.user, selectors.filing_for(request.user, filing_id))


@router.post("/filings/{filing_id}/review", response=FilingOut, auth=API_AUTH, summary="综合管理部门开始审核")
def start_review(request, filing_id: int):
    filing = selectors.filing_for(request.user, filing_id)
    services.filing_start_review(actor=request.user, filing_id=filing.pk)
    return _detail(request.user, selectors.filing_for(request.user, filing_id))


@router.post(
    "/filings/{filing_id}/decision",
    response=FilingOut,
    auth=API_AUTH,
    summary="准予备案或不予备案（须填写审核意见）",
)
def decide(request, filing_id: int, payload: FilingDecisionIn):
    filing = selectors.filing_for(request.user, filing_id)
    services.filing_decide(
        actor=request.user, filing_id=filing.pk, approve=payload.decision == "approve", reason=payload.reason
    )
    return _detail(request.user, selectors.filing_for(request.user, filing_id))
