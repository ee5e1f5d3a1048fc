"""Bidders' participation before the deadline: registration, document downloads, questions, clarifications."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Registration(models.Model):
    section = models.ForeignKey("tendering.Section", on_delete=models.PROTECT, related_name="registrations")
    entity = models.ForeignKey("parties.Entity", on_delete=models.PROTECT, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("报名时间")

    class Meta:
        verbose_name = "投标报名"
        verbose_name_plural = "投标报名"
        constraints = [models.UniqueConstraint(fields=["section", "entity"], name="registration_unique")]


class DocumentDownload(models.Model):
    """Who got the tender documents when. Invisible to everyone before the deadline (20号令21; 87号令28)."""

    tender = models.ForeignKey("tendering.Tender", on_delete=models.PROTECT, related_name="downloads")
    entity = models.ForeignKey("parties.Entity", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("下载时间")
    ip = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = "招标文件下载记录"
        verbose_name_plural = "招标文件下载记录"


class Clarification(models.Model):
    """澄清或修改 (条例21 / 87号令27), published as 变更公告."""

    tender = models.ForeignKey("tendering.Tender", on_delete=models.PROTECT, related_name="clarifications")
    number = models.PositiveSmallIntegerField("序号")
    body = models.TextField("内容")
    issued_at = models.DateTimeField("发布时间")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    old_deadline = models.DateTimeField("原投标截止时间")
    new_deadline = models.DateTimeField("新投标截止时间")

    class Meta:
        verbose_name = "澄清/修改"
        verbose_name_plural = "澄清/修改"
        ordering = ["tender_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["tender", "number"], name="clarification_number_unique")
        ]


class Question(models.Model):
    """A bidder's question. The asker is stored for the audit trail only; the buyer never sees it."""

    tender = models.ForeignKey("tendering.Tender", on_delete=models.PROTECT, related_name="questions")
    asker = models.ForeignKey("parties.Entity", on_delete=models.PROTECT, related_name="+")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("问题")
    asked_at = models.DateTimeField("提问时间")
    answer = models.TextField("答复", blank=True)
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    clarification = models.ForeignKey(
        Clarification, null=True, blank=True, on_delete=models.PROTECT, related_name="questions"
    )

    class Meta:
        verbose_name = "投标人提问"
        verbose_name_plural = "投标人提问"
        ordering = ["id"]
