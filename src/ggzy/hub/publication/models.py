"""信息公开: public notices of every trading step, and their feed positions.

Notices are never edited or deleted: a correction is a new 变更公告 (seed §五.6; 20号令).
``feed_position`` is assigned after commit by ``feed.feed_assign_positions`` — see docs/portal.md
for why the feed is ordered by it rather than by id or time.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .districts import District


class Notice(models.Model):
    class Kind(models.TextChoices):
        PROCUREMENT_INTENT = "procurement_intent", "采购意向"
        TENDER = "tender", "招标公告"
        PREQUALIFICATION = "prequalification", "资格预审公告"
        INVITATION = "invitation", "投标邀请书"
        AMENDMENT = "amendment", "变更公告/澄清"
        QUALIFICATION_RESULT = "qualification_result", "资格审查结果"
        OPENING = "opening", "开标记录"
        CANDIDATES = "candidates", "中标候选人公示"
        AWARD = "award", "中标结果公告"
        CONTRACT = "contract", "合同公告"
        PERFORMANCE = "performance", "履约信息"
        TERMINATION = "termination", "终止公告"
        GENERAL = "general", "交易公告"

    kind = models.CharField("公告类型", max_length=24, choices=Kind.choices)
    title = models.CharField("标题", max_length=300)
    body = models.TextField("正文")
    catalogue_entry = models.ForeignKey(
        "catalog.CatalogueEntry", verbose_name="目录条目", on_delete=models.PROTECT, related_name="notices"
    )
    catalogue_code = models.CharField("目录编码", max_length=20)
    # Stored at publication (an entry's group never changes) so the 交易类别 filter needs no join.
    catalogue_group = models.CharField("交易类别", max_length=20, blank=True)
    district = models.CharField("区域", max_length=6, choices=District.choices)
    published_at = models.DateTimeField("发布时间")
    project_code = models.CharField("项目编号", max_length=20, blank=True)
    source_type = models.CharField("来源对象类型", max_length=80, blank=True)
    source_id = models.CharField("来源对象ID", max_length=64, blank=True)
    issuer = models.ForeignKey(
        "parties.Entity",
        verbose_name="发布主体",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notices",
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    body_digest = models.CharField("正文摘要(SHA-256)", max_length=64)
    feed_position = models.BigIntegerField("订阅序号", null=True, blank=True, unique=True)

    class Meta:
        verbose_name = "公告"
        verbose_name_plural = "公告"
        ordering = ["-published_at", "-id"]
        # 信息公开 lists newest first under any combination of these filters: each index serves one
        # combination as an ordered scan that stops after a page (keyset paging, no COUNT(*)).
        indexes = [
            models.Index(fields=["source_type", "source_id"]),
            models.Index(fields=["-published_at", "-id"], name="notice_latest"),
            models.Index(fields=["kind", "-published_at", "-id"], name="notice_kind_latest"),
            models.Index(fields=["district", "-published_at", "-id"], name="notice_district_latest"),
            models.Index(
                fields=["district", "kind", "-published_at", "-id"], name="notice_district_kind_latest"
            ),
            models.Index(fields=["catalogue_code", "-published_at", "-id"], name="notice_entry_latest"),
            models.Index(fields=["catalogue_group", "-published_at", "-id"], name="notice_group_latest"),
            models.Index(
                fields=["project_code", "-published_at", "-id"],
                name="notice_project_latest",
                condition=~models.Q(project_code=""),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/notices/{self.pk}/"


class FeedCounter(models.Model):
    """One row: the last feed position handed out. Its row lock serialises position assignment."""

    singleton = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_position = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "公告订阅序号"
        verbose_name_plural = "公告订阅序号"
