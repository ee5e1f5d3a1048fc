"""A draw (抽取): commitment → beacon → lines drawn in order → invitations with outcomes."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Draw(models.Model):
    class Status(models.TextChoices):
        COMMITTED = "committed", "已公布承诺值，等待信标"
        DRAWING = "drawing", "抽取中"
        COMPLETE = "complete", "抽取完成"
        SHORT = "short", "专家不足"
        CANCELLED = "cancelled", "已取消"

    draw_id = models.CharField("抽取编号", max_length=32, unique=True)
    # Project facts: derived from the tendering Section when given, else explicit inputs.
    section = models.ForeignKey(
        "tendering.Section", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    section_ref = models.CharField("标段编号", max_length=64, db_index=True)
    buyer_uscc = models.CharField("招标人/采购人", max_length=18)
    agency_uscc = models.CharField("代理机构", max_length=18)
    bidder_usccs = models.JSONField("投标人", default=list)
    regulator_usccs = models.JSONField("监管部门", default=list)
    evaluation_at = models.DateTimeField("评标时间")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.COMMITTED)
    secret_hex = models.CharField("秘密值", max_length=64)  # revealed only on publication
    commitment = models.CharField("承诺值", max_length=64)
    committed_at = models.DateTimeField("承诺公布时间")
    beacon = models.CharField("信标", max_length=64, blank=True)
    beacon_sealed_at = models.DateTimeField("信标封存时间", null=True, blank=True)
    current_line = models.PositiveSmallIntegerField("当前抽取行", default=0)
    published_at = models.DateTimeField("公开时间", null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "专家抽取"
        verbose_name_plural = "专家抽取"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.draw_id


class DrawLine(models.Model):
    draw = models.ForeignKey(Draw, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField("顺序")
    specialty = models.ForeignKey("experts.Specialty", on_delete=models.PROTECT, related_name="+")
    label = models.CharField("抽取条件", max_length=120)
    count = models.PositiveSmallIntegerField("人数")
    regions = models.JSONField("地区范围", default=list)  # empty = whole pool
    # Fixed when the line starts: eligible = snapshot codes minus ``removed`` (see ggzy.hub.experts.snapshots).
    snapshot = models.ForeignKey(
        "experts.PoolSnapshot", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    removed = models.JSONField("回避及已选专家编号", default=list)
    eligible_size = models.PositiveIntegerField("合格人数", null=True, blank=True)
    pool_digest = models.CharField("名单摘要", max_length=64, blank=True)
    next_index = models.PositiveIntegerField("下一序号", default=0)
    accepted = models.PositiveSmallIntegerField("已确认", default=0)
    exhausted = models.BooleanField("名单已用尽", default=False)

    class Meta:
        verbose_name = "抽取条件"
        verbose_name_plural = "抽取条件"
        ordering = ["draw", "position"]
        constraints = [models.UniqueConstraint(fields=["draw", "position"], name="draw_line_position_unique")]

    @property
    def started(self) -> bool:
        return self.snapshot_id is not None

    @property
    def eligible(self) -> list[str] | None:
        # local import: ..snapshots imports these models (a real cycle within the app)
        from ..snapshots import line_eligible

        return line_eligible(self) if self.started else None


class DrawExclusion(models.Model):
    class Reason(models.TextChoices):
        BIDDER_EMPLOYEE = "bidder_employee", "投标人在职或三年内离职人员"
        BUYER_EMPLOYEE = "buyer_employee", "招标人/采购人在职或三年内离职人员"
        AGENCY_EMPLOYEE = "agency_employee", "代理机构在职或三年内离职人员"
        RELATIVE = "relative", "近亲属在投标人任职"
        REGULATOR_STAFF = "regulator_staff", "项目监管部门工作人员"
        SUSPENDED = "suspended", "专家已暂停"
        FREQUENCY = "frequency", "12个月内为同一招标人评标次数超限"

    draw = models.ForeignKey(Draw, on_delete=models.CASCADE, related_name="exclusions")
    expert = models.ForeignKey("experts.Expert", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField("回避原因", max_length=20, choices=Reason.choices)
    detail = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "回避记录"
        verbose_name_plural = "回避记录"
        constraints = [
            models.UniqueConstraint(fields=["draw", "expert", "reason"], name="draw_exclusion_unique")
        ]


class Invitation(models.Model):
    class Outcome(models.TextChoices):
        PENDING = "pending", "待确认"
        ACCEPTED = "accepted", "已确认参加"
        DECLINED = "declined", "拒绝"
        NO_ANSWER = "no_answer", "未在时限内答复"
        AVOIDED = "avoided", "回避"

    line = models.ForeignKey(DrawLine, on_delete=models.CASCADE, related_name="invitations")
    index = models.PositiveIntegerField("序号")
    expert = models.ForeignKey("experts.Expert", on_delete=models.PROTECT, related_name="invitations")
    outcome = models.CharField("结果", max_length=12, choices=Outcome.choices, default=Outcome.PENDING)
    invited_at = models.DateTimeField("通知时间")
    respond_by = models.DateTimeField("答复期限")
    outcome_at = models.DateTimeField("结果时间", null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "抽取通知"
        verbose_name_plural = "抽取通知"
        ordering = ["line", "index"]
        constraints = [models.UniqueConstraint(fields=["line", "index"], name="invitation_line_index_unique")]
        indexes = [models.Index(fields=["outcome", "respond_by"])]
