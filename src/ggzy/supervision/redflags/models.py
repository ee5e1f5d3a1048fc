"""Alerts (预警) raised from red-flag scores, and their handling by the industry regulators.

An :class:`Alert` concerns one contracting process (``tender``) or one suspected bid-rigging group
(``group``). It is routed to the regulators (行业主管部门) of the process's catalogue category and
seen by nobody else (``selectors.alerts_visible_to``). Its status moves only through
``services.ALERT_TRANSITIONS``; every step is an :class:`AlertEvent` plus an audit record.
:class:`ScanRequest` queues processes whose data changed so the worker rescans only those.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Alert(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "待核查"
        INVESTIGATING = "investigating", "核查中"
        CONFIRMED = "confirmed", "属实"
        DISMISSED = "dismissed", "不属实"
        REFERRED = "referred", "移交"

    class Subject(models.TextChoices):
        TENDER = "tender", "项目（标段）"
        GROUP = "group", "疑似围标团伙"

    subject_type = models.CharField("对象类型", max_length=10, choices=Subject.choices)
    subject_key = models.CharField("对象标识", max_length=300)
    title = models.CharField("标题", max_length=300)
    ocids = models.JSONField("涉及项目", default=list)
    members = models.JSONField("涉及主体", default=list)
    catalogue_code = models.CharField("目录编码", max_length=20, blank=True, db_index=True)
    district = models.CharField("区", max_length=40, blank=True)
    source = models.CharField("数据来源", max_length=60, blank=True)
    score = models.FloatField("风险评分")
    flags = models.JSONField("预警指标", default=list)
    engine_version = models.CharField(max_length=40, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PENDING)
    regulators = models.ManyToManyField("parties.Entity", verbose_name="承办主管部门", related_name="alerts")
    routed_to_admin = models.BooleanField("由综合管理部门分办", default=False)
    created_at = models.DateTimeField("预警时间")
    updated_at = models.DateTimeField()
    first_action_at = models.DateTimeField("开始核查时间", null=True, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)

    class Meta:
        verbose_name = "预警"
        verbose_name_plural = "预警"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_key"], name="redflags_alert_subject_unique"
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return self.title


class AlertEvent(models.Model):
    class Kind(models.TextChoices):
        RAISED = "raised", "生成预警"
        RESCORED = "rescored", "重新评分"
        TRANSITION = "transition", "状态变更"
        NOTE = "note", "核查记录"

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "预警处理记录"
        verbose_name_plural = "预警处理记录"
        ordering = ["at", "id"]

    @property
    def moves_status(self) -> bool:
        """A status change (the page shows 原状态 → 新状态)."""
        return self.kind == self.Kind.TRANSITION and bool(self.to_status)

    @property
    def from_label(self) -> str:
        return Alert.Status(self.from_status).label if self.from_status else ""

    @property
    def to_label(self) -> str:
        return Alert.Status(self.to_status).label if self.to_status else ""


class AlertAttachment(models.Model):
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="attachments")
    event = models.ForeignKey(
        AlertEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="attachments"
    )
    file = models.FileField(upload_to="alerts/%Y/%m/")
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()

    class Meta:
        verbose_name = "预警附件"
        verbose_name_plural = "预警附件"


class ScanRequest(models.Model):
    """A process whose OCDS data changed and must be rescanned (``tasks.scan_pending``)."""

    ocid = models.CharField(max_length=200, unique=True)
    source = models.CharField(max_length=60)  # "intake:<platform code>" or "own"
    requested_at = models.DateTimeField()

    class Meta:
        verbose_name = "待扫描项目"
        verbose_name_plural = "待扫描项目"


class Participation(models.Model):
    """Who bid in which process (filled by the scanner), so a rescan can load each queued process's
    bidders' other recent processes as context instead of rescanning the whole market."""

    bidder_id = models.CharField(max_length=200)
    ocid = models.CharField(max_length=200)
    source = models.CharField(max_length=60)
    date = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "投标参与记录"
        verbose_name_plural = "投标参与记录"
        constraints = [
            models.UniqueConstraint(fields=["bidder_id", "ocid"], name="redflags_participation_unique")
        ]
        indexes = [models.Index(fields=["ocid"]), models.Index(fields=["bidder_id", "date"])]


class ScanWatermark(models.Model):
    """How far the worker has looked for changed own-trading sections (``scanning.enqueue_own_changes``)."""

    name = models.CharField(max_length=40, unique=True)
    at = models.DateTimeField()

    class Meta:
        verbose_name = "扫描进度"
        verbose_name_plural = "扫描进度"
