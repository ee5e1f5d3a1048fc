from __future__ import annotations

from django.db import models


class ClockOffset(models.Model):
    """Training/test clock (sealed-bids spec §6). One row; every process reads the same offset.

    Only honoured when settings.GGZY_ALLOW_CLOCK is true — never in production.
    """

    singleton = models.PositiveSmallIntegerField(primary_key=True, default=1)
    offset_seconds = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "训练时钟"
        verbose_name_plural = "训练时钟"


class AuditRecord(models.Model):
    """One audited state change. Append-only: database triggers reject UPDATE and DELETE."""

    at = models.DateTimeField("服务器时间", db_index=True)
    actor_id = models.BigIntegerField("操作人ID", null=True, blank=True)
    actor_username = models.CharField("操作人", max_length=150)
    role = models.CharField("角色", max_length=20)
    entity_uscc = models.CharField("所属主体", max_length=18, blank=True)
    ip = models.CharField("IP", max_length=64, blank=True)
    channel = models.CharField("渠道", max_length=10)
    action = models.CharField("操作", max_length=80, db_index=True)
    target_type = models.CharField("对象类型", max_length=80, blank=True)
    target_id = models.CharField("对象ID", max_length=64, blank=True)
    payload = models.JSONField("内容", default=dict)
    payload_digest = models.CharField("内容摘要", max_length=64)
    record_hash = models.CharField("记录哈希", max_length=64)

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        indexes = [models.Index(fields=["target_type", "target_id"])]

    HASHED_FIELDS = (
        "at", "actor_id", "actor_username", "role", "entity_uscc", "ip", "channel",
        "action", "target_type", "target_id", "payload_digest",
    )

    def compute_hash(self) -> str:
        import hashlib

        from .audit import canonical_json

        values = {name: getattr(self, name) for name in self.HASHED_FIELDS}
        values["at"] = self.at.isoformat(timespec="microseconds") if self.at else None
        return hashlib.sha256(canonical_json(values)).hexdigest()


class CalendarDay(models.Model):
    """Official working-day calendar (State Council holidays and 调休), Asia/Shanghai dates.

    Seeded from ``chinese-calendar``; operators add each new year from the State Council notice.
    Dates outside the table are unknown: deadline code counts weekends only and flags them.
    """

    class Source(models.TextChoices):
        PACKAGE = "chinese-calendar", "chinese-calendar 数据"
        OPERATOR = "operator", "交易中心录入"

    date = models.DateField("日期", primary_key=True)
    is_working_day = models.BooleanField("是否工作日")
    name = models.CharField("节假日名称", max_length=40, blank=True)
    source = models.CharField("来源", max_length=20, choices=Source.choices, default=Source.PACKAGE)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "工作日历"
        verbose_name_plural = "工作日历"
