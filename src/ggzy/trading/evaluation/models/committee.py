"""Evaluation committee (评标委员会 / 评审委员会): members, avoidance statements, chair."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models


class Committee(models.Model):
    class Method(models.TextChoices):
        LOWEST_PRICE = "lowest_price", "经评审的最低投标价法"
        COMPREHENSIVE = "comprehensive", "综合评分法"

    class Procurement(models.TextChoices):
        ENGINEERING = "engineering", "工程建设项目招标"
        GOODS = "goods", "政府采购（货物）"
        SERVICES = "services", "政府采购（服务）"

    class Status(models.TextChoices):
        FORMED = "formed", "已组建"
        SCORING = "scoring", "评审中"
        SCORED = "scored", "评分完成"
        REPORTED = "reported", "报告待签署"
        SIGNED = "signed", "报告已签署"
        HANDED_OVER = "handed_over", "已提交招标人"

    section = models.ForeignKey(
        "tendering.Section", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    section_ref = models.CharField("标段编号", max_length=64, unique=True)
    draw = models.ForeignKey(
        "experts.Draw", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    buyer_uscc = models.CharField("招标人/采购人", max_length=18)
    agency_uscc = models.CharField("代理机构", max_length=18)
    regulator_usccs = models.JSONField("监管部门", default=list)
    procurement = models.CharField("项目类型", max_length=12, choices=Procurement.choices)
    budget = models.DecimalField("预算（元）", max_digits=16, decimal_places=2, default=Decimal("0"))
    method = models.CharField("评标办法", max_length=14, choices=Method.choices)
    deviation_bound = models.DecimalField(
        "评分偏离阈值（占满分比例）", max_digits=4, decimal_places=3, default=Decimal("0.300")
    )
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.FORMED)
    starts_at = models.DateTimeField("评标开始时间")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "评标委员会"
        verbose_name_plural = "评标委员会"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.section_ref} 评标委员会"


class Member(models.Model):
    class Kind(models.TextChoices):
        EXPERT = "expert", "评标专家"
        BUYER_REP = "buyer_rep", "招标人/采购人代表"

    class Status(models.TextChoices):
        ACTIVE = "active", "在任"
        REPLACED = "replaced", "已更换（意见无效）"

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    expert = models.ForeignKey(
        "experts.Expert", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    invitation = models.ForeignKey(
        "experts.Invitation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("身份", max_length=10, choices=Kind.choices)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.ACTIVE)
    statement_signed_at = models.DateTimeField("回避声明签署时间", null=True, blank=True)
    is_chair = models.BooleanField("评标委员会主任", default=False)
    replaced_at = models.DateTimeField(null=True, blank=True)
    replaced_reason = models.CharField("更换原因", max_length=300, blank=True)
    replaces = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "评标委员会成员"
        verbose_name_plural = "评标委员会成员"
        ordering = ["committee", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "user"], condition=models.Q(status="active"), name="member_active_unique"
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)


class ChairVote(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="chair_votes")
    voter = models.OneToOneField(Member, on_delete=models.CASCADE, related_name="chair_vote")
    candidate = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField()

    class Meta:
        verbose_name = "主任推选票"
        verbose_name_plural = "主任推选票"
