"""Data intake from the sub-platforms (交易分平台) in OCDS form (spec redflags.md §3).

- :class:`ExchangeSource` — a sub-platform registered for data exchange; its machine account is one
  or more :class:`ExchangeToken` (only the SHA-256 of a token is stored).
- :class:`IntakeRelease` — every accepted release, unique per (ocid, release id), with the data
  quality measured when it arrived.
- :class:`IntakeRecord` — the compiled release per ocid (OCDS merge of all its releases), with the
  fields supervision filters on (catalogue code, district).

The link to the catalogue is the sub-platform's stable ``code`` (``catalog.SubPlatform.code``),
checked by ``exchange_source_register``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ExchangeSource(models.Model):
    platform_code = models.SlugField("分平台代码", max_length=40, unique=True)
    name = models.CharField("分平台名称", max_length=120)
    ocid_prefix = models.CharField(
        "OCID 前缀", max_length=60, blank=True, help_text="非空时只接受以此前缀开头的 ocid"
    )
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("登记时间")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "数据交换分平台"
        verbose_name_plural = "数据交换分平台"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class ExchangeToken(models.Model):
    source = models.ForeignKey(ExchangeSource, on_delete=models.CASCADE, related_name="tokens")
    name = models.CharField("用途", max_length=100, blank=True)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "数据交换令牌"
        verbose_name_plural = "数据交换令牌"


class IntakeRelease(models.Model):
    source = models.ForeignKey(ExchangeSource, on_delete=models.PROTECT, related_name="releases")
    ocid = models.CharField(max_length=200)
    release_id = models.CharField(max_length=200)
    date = models.DateTimeField("发布时间")
    tags = models.JSONField(default=list)
    content = models.JSONField()
    digest = models.CharField("内容摘要", max_length=64)
    received_at = models.DateTimeField("接收时间")
    package_uri = models.CharField(max_length=500, blank=True)
    # data quality, measured on arrival (see quality.py)
    completeness = models.FloatField("完整性", default=1.0)
    missing_fields = models.JSONField(default=list)
    lag_seconds = models.BigIntegerField("报送时延（秒）", null=True, blank=True)
    consistency_issues = models.JSONField(default=list)
    issue_count = models.PositiveSmallIntegerField("不一致项数", default=0)

    class Meta:
        verbose_name = "接收的 OCDS 发布"
        verbose_name_plural = "接收的 OCDS 发布"
        constraints = [models.UniqueConstraint(fields=["ocid", "release_id"], name="exchange_release_unique")]
        indexes = [models.Index(fields=["source", "received_at"])]


class IntakeRecord(models.Model):
    ocid = models.CharField(max_length=200, unique=True)
    source = models.ForeignKey(ExchangeSource, on_delete=models.PROTECT, related_name="records")
    compiled = models.JSONField("汇编发布")
    release_count = models.PositiveIntegerField(default=0)
    last_release_date = models.DateTimeField()
    catalogue_code = models.CharField("目录编码", max_length=20, blank=True, db_index=True)
    district = models.CharField("区", max_length=40, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = "OCDS 记录"
        verbose_name_plural = "OCDS 记录"
        indexes = [models.Index(fields=["source", "last_release_date"])]
