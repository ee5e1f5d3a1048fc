"""The evaluation report: ≤ 3 ranked candidates, signed by every member (条例53; 87号令)."""

from __future__ import annotations

from django.db import models


class Report(models.Model):
    committee = models.OneToOneField("evaluation.Committee", on_delete=models.CASCADE, related_name="report")
    ranking = models.JSONField("评审结果")  # every bid with its total/evaluated price and rank
    candidates = models.JSONField("中标候选人")  # ≤ 3, ranked
    content_digest = models.CharField("报告摘要", max_length=64)
    prepared_at = models.DateTimeField()
    signed_at = models.DateTimeField(null=True, blank=True)
    handed_over_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "评标报告"
        verbose_name_plural = "评标报告"


class ReportSignature(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="signatures")
    member = models.OneToOneField("evaluation.Member", on_delete=models.CASCADE, related_name="signature")
    signed_at = models.DateTimeField()
    digest = models.CharField("签署时的报告摘要", max_length=64)
    dissent = models.TextField("不同意见", blank=True)

    class Meta:
        verbose_name = "报告签署"
        verbose_name_plural = "报告签署"
