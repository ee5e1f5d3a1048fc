from __future__ import annotations

from django.db import models

from .audit_hashing import SEAL_HASHED_FIELDS, at_text, record_hash


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
    # No index on action: each index is one more page written per audited change (bench/bench_audit.py);
    # look-ups go by target (indexed below) or by time (``at``), then filter on action.
    action = models.CharField("操作", max_length=80)
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
        "at",
        "actor_id",
        "actor_username",
        "role",
        "entity_uscc",
        "ip",
        "channel",
        "action",
        "target_type",
        "target_id",
        "payload_digest",
    )

    def compute_hash(self) -> str:
        return record_hash(
            action=self.action,
            actor_id=self.actor_id,
            actor_username=self.actor_username,
            at=at_text(self.at),
            channel=self.channel,
            entity_uscc=self.entity_uscc,
            ip=self.ip,
            payload_digest=self.payload_digest,
            role=self.role,
            target_id=self.target_id,
            target_type=self.target_type,
        )


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


class AuditSeal(models.Model):
    """One sealed batch of audit records: a Merkle root, chained to the previous seal by hash.

    Membership (docs/adr/0001-audit-chain.md): the records with ``from_id < id <= to_id`` except the
    ``missing`` runs (ids not committed when sealed), plus ``late_ids`` — records that committed after
    an earlier seal had listed their id as missing. Append-only like the records.
    """

    seq = models.PositiveBigIntegerField("封存序号", unique=True)
    prev_hash = models.CharField("上一封存哈希", max_length=64, unique=True)
    sealed_at = models.DateTimeField("封存时间", db_index=True)
    from_id = models.BigIntegerField("起始记录ID（不含）")
    to_id = models.BigIntegerField("截止记录ID（含）")
    missing = models.JSONField("区间内缺号", default=list)
    late_ids = models.JSONField("补封的迟到记录", default=list)
    record_count = models.PositiveIntegerField("记录数")
    merkle_root = models.CharField("默克尔根", max_length=64)
    seal_hash = models.CharField("封存哈希", max_length=64, unique=True)
    fingerprints = models.BinaryField("记录指纹", default=bytes)

    class Meta:
        verbose_name = "审计封存"
        verbose_name_plural = "审计封存"
        ordering = ["seq"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(to_id__gte=models.F("from_id")), name="audit_seal_range_ok"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.merkle_root[:16]}…"

    def hashed_fields(self) -> dict:
        return {name: getattr(self, name) for name in SEAL_HASHED_FIELDS}
