"""Trading project (交易项目) → tender project (招标项目) → sections (标段/包), coded per domain-rules §7."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ..states import SectionStatus, TenderStatus

MONEY = {"max_digits": 18, "decimal_places": 2}


class CodeSequence(models.Model):
    """Per-day counters for project codes (industry + region + yyMMdd → next 4-digit number)."""

    key = models.CharField(max_length=20, unique=True)
    value = models.PositiveIntegerField(default=0)


class TradingProject(models.Model):
    # Null until its first tender is published: drafts take no public serial (codes.py).
    code = models.CharField("项目编号", max_length=17, unique=True, null=True, blank=True)
    title = models.CharField("项目名称", max_length=300)
    buyer = models.ForeignKey(
        "parties.Entity",
        verbose_name="招标人/采购人",
        on_delete=models.PROTECT,
        related_name="trading_projects",
    )
    industry_code = models.CharField("行业门类", max_length=1)
    region_code = models.CharField("行政区划", max_length=6)
    created_at = models.DateTimeField("登记时间")
    tender_count = models.PositiveSmallIntegerField(default=0)  # published tenders (their +3 digits)

    class Meta:
        verbose_name = "交易项目"
        verbose_name_plural = "交易项目"

    def __str__(self) -> str:
        return f"{self.code or '（未发布）'} {self.title}"


class Tender(models.Model):
    project = models.ForeignKey(TradingProject, on_delete=models.PROTECT, related_name="tenders")
    code = models.CharField("招标项目编号", max_length=20, unique=True, null=True, blank=True)
    draft_ref = models.CharField("草稿编号（内部）", max_length=20, unique=True)
    procedure_type = models.ForeignKey(
        "tendering.ProcedureType", on_delete=models.PROTECT, related_name="tenders"
    )
    catalogue_code = models.CharField("交易目录编码", max_length=20)
    district = models.CharField("区域", max_length=6)
    title = models.CharField("招标项目名称", max_length=300)
    description = models.TextField("招标文件（正文）", blank=True)
    buyer = models.ForeignKey(
        "parties.Entity", verbose_name="招标人/采购人", on_delete=models.PROTECT, related_name="tenders"
    )
    agency = models.ForeignKey(
        "parties.Entity",
        verbose_name="招标代理机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agency_tenders",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_bidders = models.JSONField("受邀投标人（统一社会信用代码）", default=list)
    # 条例55: in a state-funded works tender that must be tendered, rank 1 wins unless a legal reason is recorded.
    state_funded = models.BooleanField("国有资金占控股或者主导地位", default=False)
    status = models.CharField("状态", max_length=20, choices=TenderStatus.choices, default=TenderStatus.DRAFT)
    tender_period_end = models.DateTimeField("投标截止时间")
    opening_at = models.DateTimeField("开标时间")
    opening_window_minutes = models.PositiveSmallIntegerField("解密时限（分钟）", default=30)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    documents_until = models.DateTimeField("文件获取截止", null=True, blank=True)
    deadline_is_estimated = models.BooleanField("截止日期含未知日历", default=False)
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="retenders"
    )
    created_at = models.DateTimeField("创建时间")

    class Meta:
        verbose_name = "招标项目"
        verbose_name_plural = "招标项目"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def reference(self) -> str:
        """The public code once published, else the internal draft reference (pages, messages)."""
        return self.code or self.draft_ref


class Section(models.Model):
    tender = models.ForeignKey(Tender, on_delete=models.PROTECT, related_name="sections")
    code = models.CharField("标段编号", max_length=23, unique=True, null=True, blank=True)
    number = models.PositiveSmallIntegerField("标段序号")
    title = models.CharField("标段名称", max_length=300)
    currency = models.CharField("币种", max_length=3, default="CNY")
    estimated_amount = models.DecimalField("估算价/预算", **MONEY)
    ceiling_amount = models.DecimalField("最高投标限价", null=True, blank=True, **MONEY)
    status = models.CharField(
        "状态", max_length=20, choices=SectionStatus.choices, default=SectionStatus.DRAFT
    )
    next_check_at = models.DateTimeField("下次检查时间", null=True, blank=True, db_index=True)
    closed_bid_count = models.PositiveIntegerField("截止时投标数", null=True, blank=True)
    revealed_at = models.DateTimeField("开标结果公布时间", null=True, blank=True)
    failure_reason = models.CharField("流标/终止原因", max_length=300, blank=True)
    publicity_start = models.DateTimeField("公示开始", null=True, blank=True)
    publicity_end = models.DateTimeField("公示结束", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "标段"
        verbose_name_plural = "标段"
        ordering = ["tender_id", "number"]
        constraints = [models.UniqueConstraint(fields=["tender", "number"], name="section_number_unique")]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def reference(self) -> str:
        return self.code or f"{self.tender.draft_ref}-{self.number:03d}"

    @property
    def opening_window_end(self):
        import datetime as dt

        return self.tender.opening_at + dt.timedelta(minutes=self.tender.opening_window_minutes)
