"""Scoring template, bids under evaluation, members' independent scores, deviation flags."""

from __future__ import annotations

from django.db import models


class ScoringItem(models.Model):
    """One factor of the template. Its contribution = points ÷ max_points × weight × 100
    (price: benchmark ÷ bid × weight × 100, 87号令55); weights add up to 1."""

    class Kind(models.TextChoices):
        PRICE = "price", "价格"
        TECHNICAL = "technical", "技术"
        COMMERCIAL = "commercial", "商务"

    committee = models.ForeignKey("evaluation.Committee", on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    code = models.CharField("编号", max_length=20)
    name = models.CharField("评审因素", max_length=100)
    kind = models.CharField("类别", max_length=12, choices=Kind.choices)
    weight = models.DecimalField("权重", max_digits=5, decimal_places=4)
    max_points = models.DecimalField("满分", max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = "评分项"
        verbose_name_plural = "评分项"
        ordering = ["committee", "position"]
        constraints = [models.UniqueConstraint(fields=["committee", "code"], name="scoring_item_code_unique")]


class Bid(models.Model):
    committee = models.ForeignKey("evaluation.Committee", on_delete=models.CASCADE, related_name="bids")
    source_bid_id = models.BigIntegerField("招投标系统投标ID", null=True, blank=True)
    bidder_uscc = models.CharField("投标人", max_length=18)
    bidder_name = models.CharField("投标人名称", max_length=200)
    price = models.DecimalField("投标报价（元）", max_digits=16, decimal_places=2)
    price_adjustment = models.DecimalField("评审价格调整（元）", max_digits=16, decimal_places=2, default=0)
    adjustment_reason = models.CharField("调整理由", max_length=300, blank=True)
    disqualified = models.BooleanField("否决投标", default=False)
    disqualification_reason = models.CharField("否决理由", max_length=500, blank=True)
    disqualified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "评审中的投标"
        verbose_name_plural = "评审中的投标"
        ordering = ["committee", "id"]
        constraints = [models.UniqueConstraint(fields=["committee", "bidder_uscc"], name="eval_bid_unique")]

    @property
    def evaluated_price(self):
        return self.price + self.price_adjustment


class Submission(models.Model):
    """A member's scores are final once submitted; only then may they see the others'."""

    member = models.OneToOneField("evaluation.Member", on_delete=models.CASCADE, related_name="submission")
    submitted_at = models.DateTimeField()

    class Meta:
        verbose_name = "评分提交"
        verbose_name_plural = "评分提交"


class Score(models.Model):
    member = models.ForeignKey("evaluation.Member", on_delete=models.CASCADE, related_name="scores")
    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(ScoringItem, on_delete=models.CASCADE, related_name="scores")
    points = models.DecimalField("得分", max_digits=6, decimal_places=2)
    comment = models.CharField("评审意见", max_length=500, blank=True)

    class Meta:
        verbose_name = "评分"
        verbose_name_plural = "评分"
        constraints = [models.UniqueConstraint(fields=["member", "bid", "item"], name="score_unique")]


class DeviationFlag(models.Model):
    """A member's score for an item deviates from the other members' mean beyond the bound (to supervision)."""

    committee = models.ForeignKey(
        "evaluation.Committee", on_delete=models.CASCADE, related_name="deviation_flags"
    )
    member = models.ForeignKey("evaluation.Member", on_delete=models.CASCADE, related_name="+")
    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(ScoringItem, on_delete=models.CASCADE, related_name="+")
    points = models.DecimalField(max_digits=6, decimal_places=2)
    others_mean = models.DecimalField(max_digits=8, decimal_places=4)
    bound = models.DecimalField(max_digits=8, decimal_places=4)
    flagged_at = models.DateTimeField()

    class Meta:
        verbose_name = "评分偏离"
        verbose_name_plural = "评分偏离"
