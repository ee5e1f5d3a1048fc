"""备案审核: a sub-platform files its upgrade plan (scope, systems, dates, documents); the 综合管理部门 reviews it.

Status only through ``states.FILING`` (submitted → under_review → approved | rejected).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Filing(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "已提交"
        UNDER_REVIEW = "under_review", "审核中"
        APPROVED = "approved", "准予备案"
        REJECTED = "rejected", "不予备案"

    platform = models.ForeignKey(
        "catalog.SubPlatform", verbose_name="交易分平台", on_delete=models.PROTECT, related_name="filings"
    )
    title = models.CharField("备案事项", max_length=200)
    scope = models.TextField("升级改造范围")
    planned_start = models.DateField("计划开始日期")
    planned_end = models.DateField("计划完成日期")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    submitted_at = models.DateTimeField("提交时间")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="提交人", on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_reason = models.TextField("审核意见", blank=True)
    quality_score = models.FloatField("审核时数据质量得分", null=True, blank=True)

    class Meta:
        verbose_name = "升级改造备案"
        verbose_name_plural = "升级改造备案"
        ordering = ["-submitted_at", "-id"]

    def __str__(self) -> str:
        return self.title


class FilingSystem(models.Model):
    class Change(models.TextChoices):
        UPGRADE = "upgrade", "升级改造"
        RENAME = "rename", "更名"
        INTRODUCE = "introduce", "新增系统"

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="systems")
    name = models.CharField("系统名称", max_length=120)
    change = models.CharField("变更类型", max_length=12, choices=Change.choices)
    description = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "备案涉及系统"
        verbose_name_plural = "备案涉及系统"
        ordering = ["id"]


class FilingDocument(models.Model):
    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="documents")
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    sha256 = models.CharField("SHA-256", max_length=64)
    file = models.FileField(upload_to="filings/")
    uploaded_at = models.DateTimeField()

    class Meta:
        verbose_name = "备案材料"
        verbose_name_plural = "备案材料"
        ordering = ["id"]
