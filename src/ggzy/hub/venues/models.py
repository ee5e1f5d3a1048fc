"""Rooms of the Shanghai centre and its branches, their bookings, who sat in an evaluation room, and the
witness entries of the steps the rules say are witnessed (plan 四.4: unified venue and service standards).

No two pending/confirmed bookings of one room overlap: on PostgreSQL an exclusion constraint on
``tstzrange(starts_at, ends_at)`` says so (migration 0002, which needs btree_gist); on SQLite the booking
service checks under the database's single write lock (``services.booking_create``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Room(models.Model):
    class Centre(models.TextChoices):
        MAIN = "main", "上海市公共资源交易中心（本部）"
        PUDONG = "pudong", "浦东新区分中心"
        MINHANG = "minhang", "闵行区分中心"

    class Kind(models.TextChoices):
        OPENING_HALL = "opening_hall", "开标室"
        EVALUATION_ROOM = "evaluation_room", "评标室"
        REMOTE_SEAT = "remote_seat", "远程异地评标席位"
        AUCTION_HALL = "auction_hall", "竞价大厅"

    code = models.CharField("场所编号", max_length=20, unique=True)
    name = models.CharField("名称", max_length=100)
    centre = models.CharField("所属中心", max_length=20, choices=Centre.choices)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    capacity = models.PositiveIntegerField("容纳人数")
    equipment = models.JSONField("设备", default=list)
    isolated = models.BooleanField("隔离（屏蔽通讯、全程录音录像）", default=False)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "场所"
        verbose_name_plural = "场所"
        ordering = ["centre", "code"]

    def __str__(self) -> str:
        return f"{self.get_centre_display()} {self.name}"


class Booking(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "待确认"
        CONFIRMED = "confirmed", "已确认"
        CANCELLED = "cancelled", "已取消"

    class Purpose(models.TextChoices):
        OPENING = "opening", "开标"
        EVALUATION = "evaluation", "评标"
        REMOTE_EVALUATION = "remote_evaluation", "远程异地评标"
        LIVE_AUCTION = "live_auction", "现场竞价"

    room = models.ForeignKey(Room, verbose_name="场所", on_delete=models.PROTECT, related_name="bookings")
    purpose = models.CharField("用途", max_length=20, choices=Purpose.choices)
    reference = models.CharField("标段/挂牌编号", max_length=40, db_index=True)
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.PENDING)
    # The main venue of a remote evaluation: the remote seats of one evaluation point to it.
    main_booking = models.ForeignKey(
        "self",
        verbose_name="主会场预约",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="remote_bookings",
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="预约人", on_delete=models.PROTECT, related_name="+"
    )
    agency_uscc = models.CharField("预约单位", max_length=18)
    duty_operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="值班工作人员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    created_at = models.DateTimeField("预约时间")

    class Meta:
        verbose_name = "场所预约"
        verbose_name_plural = "场所预约"
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="venues_booking_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["room", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.room} {self.starts_at:%Y-%m-%d %H:%M}"


class Attendance(models.Model):
    """One person's stay in an evaluation room: entered, left, recorded by the operator on duty."""

    booking = models.ForeignKey(Booking, on_delete=models.PROTECT, related_name="attendances")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="人员", on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField("进入时间")
    left_at = models.DateTimeField("离开时间", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "进出登记"
        verbose_name_plural = "进出登记"
        ordering = ["entered_at", "id"]


class WitnessEntry(models.Model):
    """What the operator on duty saw at one witnessed step. Append-only; its ``entry_hash`` is in the audit chain."""

    class Step(models.TextChoices):
        OPENING = "opening", "开标"
        DRAW = "draw", "专家抽取"
        EVALUATION_START = "evaluation_start", "评标开始"
        EVALUATION_END = "evaluation_end", "评标结束"
        LIVE_AUCTION = "live_auction", "现场竞价"
        CONTRACT_SIGNING = "contract_signing", "合同签订"

    step = models.CharField("见证环节", max_length=20, choices=Step.choices)
    reference = models.CharField("标段/挂牌编号", max_length=40, db_index=True)
    booking = models.ForeignKey(
        Booking,
        verbose_name="场所预约",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="witness_entries",
    )
    catalogue_code = models.CharField("目录编码", max_length=20, blank=True)
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="见证人", on_delete=models.PROTECT, related_name="+"
    )
    observed_at = models.DateTimeField("见证时间")
    observation = models.TextField("见证情况")
    anomalies = models.TextField("异常情况", blank=True)
    media = models.JSONField("音视频资料", default=list)  # [{"name": ..., "sha256": ...}]
    entry_hash = models.CharField("记录摘要（SHA-256）", max_length=64)
    recorded_at = models.DateTimeField("登记时间")

    class Meta:
        verbose_name = "见证记录"
        verbose_name_plural = "见证记录"
        ordering = ["observed_at", "id"]

    def __str__(self) -> str:
        return f"{self.reference} {self.get_step_display()}"
