"""The expert pool (评标专家库): natural persons with specialties, employers and declared ties."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Specialty(models.Model):
    """评标专家专业分类标准 (发改法规〔2010〕1538号): A 工程 / B 货物 / C 服务, then 2 digits per level."""

    code = models.CharField("专业代码", max_length=12, primary_key=True)
    name = models.CharField("专业名称", max_length=100)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    level = models.PositiveSmallIntegerField("层级")

    class Meta:
        verbose_name = "评标专业"
        verbose_name_plural = "评标专业"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Expert(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "待审核"
        ACTIVE = "active", "在库"
        REJECTED = "rejected", "未通过审核"
        SUSPENDED = "suspended", "暂停"
        RETIRED = "retired", "退出"

    expert_code = models.CharField("专家编号", max_length=20, unique=True)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="expert")
    name = models.CharField("姓名", max_length=100)
    # Personal data: never in public output, never in audit payloads (only its digest).
    id_number = models.CharField("身份证号", max_length=18, unique=True)
    phone = models.CharField("手机号", max_length=20, blank=True)
    region = models.CharField("所在地区", max_length=40, db_index=True)
    title = models.CharField("职称", max_length=60, blank=True)
    status = models.CharField(
        "状态", max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    vetting_note = models.CharField("审核意见", max_length=500, blank=True)
    vetted_at = models.DateTimeField("审核时间", null=True, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "评标专家"
        verbose_name_plural = "评标专家"
        ordering = ["expert_code"]

    def __str__(self) -> str:
        return f"{self.expert_code} {self.name}"


class ExpertSpecialty(models.Model):
    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="specialty_links")
    specialty = models.ForeignKey(Specialty, on_delete=models.PROTECT, related_name="expert_links")

    class Meta:
        verbose_name = "专家专业"
        verbose_name_plural = "专家专业"
        constraints = [
            models.UniqueConstraint(fields=["expert", "specialty"], name="expert_specialty_unique")
        ]


class Employment(models.Model):
    """Employment history; ``ended_on`` empty = current employer."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="employments")
    employer_uscc = models.CharField("单位统一社会信用代码", max_length=18, db_index=True)
    employer_name = models.CharField("单位名称", max_length=200)
    started_on = models.DateField("起始日期")
    ended_on = models.DateField("终止日期", null=True, blank=True)

    class Meta:
        verbose_name = "工作经历"
        verbose_name_plural = "工作经历"
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="employment_dates_ordered",
            )
        ]


class RelativeCompany(models.Model):
    """A company where a close relative works or holds control, declared by the expert."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="relative_companies")
    company_uscc = models.CharField("单位统一社会信用代码", max_length=18, db_index=True)
    company_name = models.CharField("单位名称", max_length=200)
    relation = models.CharField("亲属关系", max_length=40)

    class Meta:
        verbose_name = "近亲属任职单位"
        verbose_name_plural = "近亲属任职单位"


class EvaluationRecord(models.Model):
    """One past evaluation (for the frequency rule and the expert's own record)."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="evaluations")
    buyer_uscc = models.CharField("招标人/采购人", max_length=18, db_index=True)
    section_ref = models.CharField("标段", max_length=64)
    evaluated_at = models.DateTimeField("评标时间")
    draw = models.ForeignKey("experts.Draw", null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = "评标记录"
        verbose_name_plural = "评标记录"
        ordering = ["-evaluated_at"]
