"""Procedure types as configuration (issue 3 §1): one row of settings per type, never a subclass.

``legal_basis`` maps each field to the id of the legal rule it applies (``ggzy.core.legal_rules``;
domain-rules §3, §4), or to a short explanation when the platform sets it. Adding a type = adding a
row (data migration or admin); no code path depends on a particular code.
"""

from __future__ import annotations

from django.db import models

from ggzy.core.legal_rules import RULES, LegalRule, cite, cite_with_title


class ProcedureType(models.Model):
    class Sector(models.TextChoices):
        WORKS = "works", "工程建设"
        GOVERNMENT_PROCUREMENT = "gp", "政府采购"

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=60)
    sector = models.CharField("领域", max_length=10, choices=Sector.choices)
    invited = models.BooleanField("邀请招标（仅受邀主体可报名）", default=False)
    notice_kind = models.CharField("首次公告类型", max_length=24, default="tender")
    trading_method = models.CharField("交易方式代码（交易目录）", max_length=40, default="open-tender")
    default_industry = models.CharField("默认行业门类（GB/T 4754）", max_length=1, default="E")
    # documents first issued → bid deadline (法24 / 采购法35)
    min_bid_days = models.PositiveSmallIntegerField("文件发出至投标截止最少天数")
    bid_days_working = models.BooleanField("按工作日计", default=False)
    # document sale / supply period (条例16 / 87号令18)
    sale_days = models.PositiveSmallIntegerField("文件发售期最少天数")
    sale_days_working = models.BooleanField("发售期按工作日计", default=False)
    # clarification lead (条例21 / 87号令27)
    clarification_lead_days = models.PositiveSmallIntegerField("澄清或修改距截止最少天数")
    # objection to tender documents lead (条例22)
    objection_lead_days = models.PositiveSmallIntegerField("对招标文件异议距截止最少天数", default=10)
    min_bidders = models.PositiveSmallIntegerField("最少投标人数")
    deposit_cap_percent = models.DecimalField("保证金上限（估算价/预算%）", max_digits=5, decimal_places=2)
    prequalification = models.BooleanField("资格预审", default=False)
    evaluation_methods = models.JSONField("允许的评标方法", default=list)
    max_candidates = models.PositiveSmallIntegerField("中标候选人最多人数", default=3)
    publicity_days = models.PositiveSmallIntegerField("候选人/结果公示天数")
    publicity_working = models.BooleanField("公示按工作日计", default=False)
    contract_days = models.PositiveSmallIntegerField("中标通知书发出后签订合同天数", default=30)
    legal_basis = models.JSONField("各参数依据", default=dict)
    active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "交易程序类型"
        verbose_name_plural = "交易程序类型"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    def rule_for(self, field: str) -> LegalRule | None:
        """The registered rule behind ``field``, None when the platform sets it (or nothing is recorded)."""
        return RULES.get(str(self.legal_basis.get(field, "")))

    def basis(self, field: str) -> str:
        """The citation for refusals and notices (``招标投标法第二十四条``), or the platform's explanation."""
        value = str(self.legal_basis.get(field, ""))
        return cite(value) if value in RULES else value

    def basis_texts(self) -> dict[str, str]:
        """Every field's basis with the rule's content, as the API's ``legalBasis`` shows it."""
        return {
            field: cite_with_title(value) if value in RULES else str(value)
            for field, value in self.legal_basis.items()
        }
