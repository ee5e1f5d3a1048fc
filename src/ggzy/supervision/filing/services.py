"""Writes of 备案审核: a sub-platform files its upgrade plan; the 综合管理部门 reviews it.

Who files: sub-platforms have no human accounts of their own (their machine account is the
``exchange.ExchangeToken``), so a 交易中心工作人员 (role ``operator``) files on the sub-platform's behalf.
Who reviews: the 综合管理部门 (role ``admin``). Each decision names the power it exercises
(``core.powers.FILING_REVIEW``) in its audit record.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterable
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from ggzy.catalog.models import PLATFORM_PREFIX, SubPlatform, unified_platform_name
from ggzy.core import audit, clock, powers
from ggzy.core.exceptions import Conflict, Forbidden, InvalidInput, NotFound
from ggzy.parties.roles import Role
from ggzy.supervision.redflags.attachments import MAX_ATTACHMENTS_PER_STEP, check_upload

from . import rules
from .models import Filing, FilingDocument, FilingSystem
from .states import FILING

MAX_REASON = 2000


def _require(actor, role: str, message: str, code: str) -> None:
    if not getattr(actor, "is_authenticated", False) or getattr(actor, "role", None) != role:
        raise Forbidden(message, code=code)


def _check_system_name(index: int, name: str, change: str, platform: SubPlatform) -> str:
    """统一冠名, as the catalogue registers sub-platforms: a system that is renamed or introduced carries the
    unified name 上海市公共资源交易平台（X分平台）; an upgrade keeps its name."""
    name = (name or "").strip()
    if not name:
        raise InvalidInput(
            "系统名称不能为空", code="invalid_system_name", details={"field": f"systems.{index}.name"}
        )
    if change in (FilingSystem.Change.RENAME, FilingSystem.Change.INTRODUCE):
        expected = unified_platform_name(platform.stem)
        if not name.startswith(PLATFORM_PREFIX) or not name.startswith(expected):
            raise InvalidInput(
                f"更名或新增的系统应统一冠名“{expected}”",
                code="system_name_not_unified",
                details={"field": f"systems.{index}.name", "expected": expected},
            )
    return name


def _check_documents(documents: Iterable, *, already: int = 0) -> list[tuple[str, str, bytes]]:
    """The alert attachments' checks (type by extension and leading bytes, size, count), before anything
    is written."""
    documents = list(documents)
    if already + len(documents) > MAX_ATTACHMENTS_PER_STEP:
        raise InvalidInput(
            f"每份备案最多上传{MAX_ATTACHMENTS_PER_STEP}个文件",
            code="too_many_attachments",
            details={"field": "documents", "max": MAX_ATTACHMENTS_PER_STEP, "stored": already},
        )
    return [check_upload(d) for d in documents]


def _store_documents(filing: Filing, checked: list[tuple[str, str, bytes]], now: dt.datetime) -> list[str]:
    stored = []
    for name, content_type, data in checked:
        digest = hashlib.sha256(data).hexdigest()
        row = FilingDocument(
            filing=filing,
            name=name,
            content_type=content_type,
            size=len(data),
            sha256=digest,
            uploaded_at=now,
        )
        row.file.save(
            f"{filing.pk}-{digest[:24]}{os.path.splitext(name)[1].lower()}", ContentFile(data), save=False
        )
        row.save()
        stored.append(digest)
    return stored


def filing_submit(
    *,
    actor,
    platform_code: str,
    title: str,
    scope: str,
    planned_start: dt.date,
    planned_end: dt.date,
    systems: list[dict[str, Any]],
    documents: Iterable = (),
) -> Filing:
    _require(actor, Role.OPERATOR, "只有交易中心工作人员可以代分平台提交备案", "filing_forbidden")
    platform = SubPlatform.objects.filter(code=platform_code).first()
    if platform is None:
        raise NotFound(
            "交易分平台未在交易目录中登记", code="sub_platform_not_found", details={"field": "platform"}
        )
    title, scope = (title or "").strip(), (scope or "").strip()
    if not title or len(title) > 200:
        raise InvalidInput(
            "备案事项不能为空且不超过200字", code="invalid_filing_title", details={"field": "title"}
        )
    if not scope:
        raise InvalidInput("请填写升级改造范围", code="invalid_filing_scope", details={"field": "scope"})
    if planned_end < planned_start:
        raise InvalidInput(
            "计划完成日期不能早于计划开始日期", code="invalid_filing_dates", details={"field": "plannedEnd"}
        )
    if not systems:
        raise InvalidInput(
            "请至少填写一个涉及的系统", code="filing_systems_required", details={"field": "systems"}
        )
    changes = set(FilingSystem.Change.values)
    cleaned = []
    for index, row in enumerate(systems):
        change = str(row.get("change") or "")
        if change not in changes:
            raise InvalidInput(
                "变更类型不正确", code="invalid_system_change", details={"field": f"systems.{index}.change"}
            )
        name = _check_system_name(index, str(row.get("name") or ""), change, platform)
        cleaned.append((name, change, str(row.get("description") or "").strip()[:300]))
    checked = _check_documents(documents)  # refuse bad files before anything is written
    now = clock.now()
    with transaction.atomic():
        filing = Filing.objects.create(
            platform=platform,
            title=title,
            scope=scope,
            planned_start=planned_start,
            planned_end=planned_end,
            submitted_at=now,
            submitted_by=actor,
        )
        FilingSystem.objects.bulk_create(
            [FilingSystem(filing=filing, name=n, change=c, description=d) for n, c, d in cleaned]
        )
        stored = _store_documents(filing, checked, now)
        audit.record(
            actor=actor,
            action="filing.submitted",
            target=filing,
            payload={
                "platform": platform.code,
                "title": title,
                "systems": [n for n, _, _ in cleaned],
                "documents": stored,
            },
        )
    return filing


def filing_documents_add(*, actor, filing_id: int, documents: Iterable) -> Filing:
    """More documents for a filing not yet under review (the JSON API files the plan, then its documents):
    the operator who may file, the same checks, at most ``MAX_ATTACHMENTS_PER_STEP`` per filing."""
    _require(actor, Role.OPERATOR, "只有交易中心工作人员可以代分平台提交备案材料", "filing_forbidden")
    documents = list(documents)
    if not documents:
        raise InvalidInput(
            "请选择要上传的文件", code="filing_documents_required", details={"field": "documents"}
        )
    with transaction.atomic():
        # Locked: a review starting at the same moment sees the documents, or they are refused.
        filing = Filing.objects.select_for_update().filter(pk=filing_id).first()
        if filing is None:
            raise NotFound("备案不存在", code="filing_not_found")
        if filing.status != Filing.Status.SUBMITTED:
            raise Conflict(
                "备案已进入审核，不能再补充材料",
                code="filing_documents_closed",
                details={"status": filing.status},
            )
        checked = _check_documents(documents, already=filing.documents.count())
        stored = _store_documents(filing, checked, clock.now())
        audit.record(
            actor=actor, action="filing.documents_added", target=filing, payload={"documents": stored}
        )
    return filing


def _locked(filing_id: int) -> Filing:
    filing = Filing.objects.select_related("platform").filter(pk=filing_id).first()
    if filing is None:
        raise NotFound("备案不存在", code="filing_not_found")
    return filing


def filing_start_review(*, actor, filing_id: int) -> Filing:
    _require(actor, Role.ADMIN, "只有公共资源交易综合管理部门可以审核备案", "filing_review_forbidden")
    with transaction.atomic():
        filing = _locked(filing_id)
        FILING.move(
            filing, Filing.Status.UNDER_REVIEW, actor=actor, audit_details={"power": powers.FILING_REVIEW}
        )
    return filing


def filing_decide(*, actor, filing_id: int, approve: bool, reason: str) -> Filing:
    """准予备案 / 不予备案 with reasons. Approval is refused (409 ``quality_below_threshold``) while the
    sub-platform's data-quality score is below ``GGZY_FILING_MIN_QUALITY``."""
    _require(actor, Role.ADMIN, "只有公共资源交易综合管理部门可以审核备案", "filing_review_forbidden")
    reason = (reason or "").strip()
    if not reason or len(reason) > MAX_REASON:
        raise InvalidInput(
            f"请填写审核意见（不超过{MAX_REASON}字）",
            code="filing_reason_required",
            details={"field": "reason"},
        )
    with transaction.atomic():
        filing = _locked(filing_id)
        target = Filing.Status.APPROVED if approve else Filing.Status.REJECTED
        FILING.check(filing.status, target)
        quality = rules.quality_summary(filing.platform.code)
        if approve and not quality.sufficient:
            raise Conflict(
                rules.quality_refusal_message(quality),
                code="quality_below_threshold",
                details={
                    "score": quality.score,
                    "threshold": quality.threshold,
                    "months": [m.month for m in quality.months],
                },
            )
        filing.decided_at = clock.now()
        filing.decided_by = actor
        filing.decision_reason = reason
        filing.quality_score = quality.score
        FILING.move(
            filing,
            target,
            actor=actor,
            reason=reason,
            extra_fields=["decided_at", "decided_by", "decision_reason", "quality_score"],
            audit_details={
                "power": powers.FILING_REVIEW,
                "qualityScore": quality.score,
                "threshold": quality.threshold,
            },
        )
    return filing
