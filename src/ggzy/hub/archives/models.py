"""Electronic archives: one row per BagIt bag on disk, its legal holds, disposal requests and fixity checks."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .states import ArchiveStatus, DisposalStatus


class Archive(models.Model):
    """One bag (``GGZY_ARCHIVE_ROOT/<path>``), never changed after it is made; later facts go into a new bag
    whose ``previous`` is this one."""

    kind = models.CharField("类型", max_length=10)  # section | listing
    ref = models.CharField("标段/标的编号", max_length=40, db_index=True)
    title = models.CharField("名称", max_length=300)
    outcome = models.CharField("交易结果", max_length=40)
    catalogue_code = models.CharField("交易目录编码", max_length=20, blank=True)
    buyer_uscc = models.CharField("招标人/采购人", max_length=18, blank=True)
    agency_uscc = models.CharField("代理机构", max_length=18, blank=True)
    regulator_usccs = models.JSONField("监管部门", default=list)
    finished_at = models.DateTimeField("交易结束时间")
    created_at = models.DateTimeField("归档时间")
    retention_until = models.DateField("保存期限至")
    path = models.CharField("存储目录", max_length=200, unique=True)
    payload_oxum = models.CharField("Payload-Oxum", max_length=40)
    manifest_sha256 = models.CharField("manifest-sha256.txt 摘要", max_length=64)
    tagmanifest_sha256 = models.CharField("tagmanifest-sha256.txt 摘要", max_length=64)
    audit_root = models.CharField("审计封存根", max_length=64)
    previous = models.OneToOneField(
        "self", verbose_name="上一档案", null=True, blank=True, on_delete=models.PROTECT, related_name="next"
    )
    status = models.CharField(
        "状态", max_length=20, choices=ArchiveStatus.choices, default=ArchiveStatus.STORED
    )
    next_fixity_at = models.DateTimeField("下次校验时间", db_index=True)
    disposed_at = models.DateTimeField("销毁时间", null=True, blank=True)

    class Meta:
        verbose_name = "电子档案"
        verbose_name_plural = "电子档案"
        ordering = ["-created_at", "-id"]
        constraints = [
            # One first bag per trade: two workers building the same trade cannot both succeed.
            models.UniqueConstraint(
                fields=["kind", "ref"],
                condition=models.Q(previous__isnull=True),
                name="archive_first_bag_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ref} #{self.pk}"


class LegalHold(models.Model):
    """A legal hold (诉讼/调查保全): while one is in force the archive may not be disposed of."""

    archive = models.ForeignKey(Archive, on_delete=models.PROTECT, related_name="holds")
    reason = models.CharField("理由", max_length=300)
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField("设置时间")
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lifted_at = models.DateTimeField("解除时间", null=True, blank=True)
    lift_reason = models.CharField("解除理由", max_length=300, blank=True)

    class Meta:
        verbose_name = "法律保全"
        verbose_name_plural = "法律保全"
        ordering = ["-placed_at", "-id"]


class DisposalRequest(models.Model):
    """Disposal after the retention period: requested by one operator, approved by another (or an admin)."""

    archive = models.ForeignKey(Archive, on_delete=models.PROTECT, related_name="disposals")
    reason = models.CharField("理由", max_length=300)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField("申请时间")
    status = models.CharField(
        "状态", max_length=10, choices=DisposalStatus.choices, default=DisposalStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("批准/驳回时间", null=True, blank=True)

    class Meta:
        verbose_name = "档案销毁申请"
        verbose_name_plural = "档案销毁申请"
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["archive"], condition=models.Q(status="pending"), name="archive_one_pending_disposal"
            ),
        ]


class FixityCheck(models.Model):
    """One re-check of a stored bag; a failed one is the operators' alert until a later check holds."""

    archive = models.ForeignKey(Archive, on_delete=models.PROTECT, related_name="fixity_checks")
    checked_at = models.DateTimeField("校验时间", db_index=True)
    ok = models.BooleanField("完好")
    problems = models.JSONField("问题", default=list)  # [{"kind": changed|missing|added|bag, "path": …}]

    class Meta:
        verbose_name = "档案完整性校验"
        verbose_name_plural = "档案完整性校验"
        ordering = ["-checked_at", "-id"]
