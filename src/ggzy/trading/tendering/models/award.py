"""After evaluation: candidates and their publicity, award (定标), contract, performance."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ..states import ContractStatus
from .tender import MONEY


class EvaluationResult(models.Model):
    """The evaluation committee's report as accepted by ``evaluation_report_accept``."""

    section = models.OneToOneField("tendering.Section", on_delete=models.PROTECT, related_name="evaluation")
    report = models.JSONField("评标报告")
    report_sha256 = models.CharField(max_length=64)
    accepted_at = models.DateTimeField()
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )


class Candidate(models.Model):
    section = models.ForeignKey("tendering.Section", on_delete=models.PROTECT, related_name="candidates")
    bid = models.ForeignKey("tendering.Bid", on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField("排名")
    score = models.CharField("得分", max_length=20, blank=True)

    class Meta:
        ordering = ["section_id", "rank"]
        constraints = [models.UniqueConstraint(fields=["section", "rank"], name="candidate_rank_unique")]


class PublicityObjection(models.Model):
    """异议 during the candidate publicity; while one is unanswered the process is paused (条例54)."""

    section = models.ForeignKey(
        "tendering.Section", on_delete=models.PROTECT, related_name="publicity_objections"
    )
    entity = models.ForeignKey("parties.Entity", on_delete=models.PROTECT, related_name="+")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    raised_at = models.DateTimeField()
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]


class Award(models.Model):
    section = models.OneToOneField("tendering.Section", on_delete=models.PROTECT, related_name="award")
    bid = models.ForeignKey("tendering.Bid", on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("定标时间")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    notice_jws = models.TextField("中标通知书（平台签名 JWS）")


class ResultNotice(models.Model):
    """中标结果通知: one platform-signed notice to each other bidder of the section at the award."""

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="result_notices")
    bid = models.OneToOneField("tendering.Bid", on_delete=models.PROTECT, related_name="result_notice")
    jws = models.TextField("结果通知书（平台签名 JWS）")
    issued_at = models.DateTimeField()


class Contract(models.Model):
    section = models.OneToOneField("tendering.Section", on_delete=models.PROTECT, related_name="contract")
    award = models.OneToOneField(Award, on_delete=models.PROTECT, related_name="contract")
    status = models.CharField(max_length=10, choices=ContractStatus.choices, default=ContractStatus.PENDING)
    amount = models.DecimalField("合同金额", **MONEY)
    due_date = models.DateField("签订期限")
    due_is_estimated = models.BooleanField(default=False)
    buyer_signed_at = models.DateTimeField(null=True, blank=True)
    supplier_signed_at = models.DateTimeField(null=True, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    next_check_at = models.DateTimeField(null=True, blank=True, db_index=True)


class ContractAlert(models.Model):
    """Raised once when a contract is not signed by both parties within the legal period (法46 / 87号令71)."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="alerts")
    code = models.CharField(max_length=40)
    message = models.CharField(max_length=300)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contract", "code"], name="contract_alert_once")]


class PerformanceRecord(models.Model):
    class Kind(models.TextChoices):
        MILESTONE = "milestone", "履约节点"
        ACCEPTANCE = "acceptance", "验收"
        PAYMENT = "payment", "支付"

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="performance")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    description = models.TextField()
    amount = models.DecimalField(null=True, blank=True, **MONEY)
    on_date = models.DateField()
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["on_date", "id"]
