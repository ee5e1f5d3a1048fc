"""公共资源交易目录 (seed §四.1, §五.4): versions, sub-platforms, trading methods, entries.

- A :class:`CatalogueVersion` is a whole catalogue with an effective date (实施日期). Drafts are
  edited; once published a version is frozen. The *current* catalogue is the published version
  with the latest effective date not after today (``selectors.current_catalogue``).
- A :class:`SubPlatform` is an existing trading system brought under the platform and renamed
  uniformly: 上海市公共资源交易平台（X分平台）, its operator 上海市公共资源交易中心（X分中心）.
- A :class:`CatalogueEntry` with no sub-platform trades on the 综合交易系统 (``platform`` NULL):
  a resource outside every sub-platform never gets a new platform of its own.
"""

from __future__ import annotations

from django.db import models

PLATFORM_PREFIX = "上海市公共资源交易平台"
CENTER_PREFIX = "上海市公共资源交易中心"
COMPREHENSIVE_CODE = "comprehensive"
COMPREHENSIVE_NAME = "综合交易系统"


def unified_platform_name(stem: str) -> str:
    """上海市公共资源交易平台（X分平台） — seed §四.1 统一冠名."""
    return f"{PLATFORM_PREFIX}（{stem}分平台）"


def unified_center_name(stem: str) -> str:
    """上海市公共资源交易中心（X分中心） — seed §四.1 加挂牌子."""
    return f"{CENTER_PREFIX}（{stem}分中心）"


class TradingMethod(models.Model):
    """A trading method (交易方式) with a stable code clients match on."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=40, unique=True)
    legal_basis = models.CharField("依据", max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "交易方式"
        verbose_name_plural = "交易方式"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class SubPlatform(models.Model):
    """交易分平台: an existing sector trading system under the unified name.

    ``stem`` is the X in 上海市公共资源交易平台（X分平台）; the unified names are stored (for search and
    the admin list) but only ever generated from ``stem`` by the services.
    """

    code = models.SlugField("代码", max_length=40, unique=True)
    stem = models.CharField("分平台简称", max_length=40, unique=True, help_text="如“建设工程交易”")
    platform_name = models.CharField("平台统一名称", max_length=120, unique=True)
    center_name = models.CharField("服务机构统一牌子", max_length=120, blank=True)
    operator_name = models.CharField("运行维护机构", max_length=120)
    established_on = models.DateField("原交易系统建成时间")
    website = models.URLField("网址", blank=True)
    description = models.TextField("说明", blank=True)
    created_at = models.DateTimeField("登记时间")

    class Meta:
        verbose_name = "交易分平台"
        verbose_name_plural = "交易分平台"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(platform_name__startswith=PLATFORM_PREFIX), name="subplatform_unified_name"
            ),
        ]

    def __str__(self) -> str:
        return self.platform_name


class CatalogueVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"

    label = models.CharField("版本", max_length=40, unique=True, help_text="如“2020年版”")
    title = models.CharField("名称", max_length=120, default="上海市公共资源交易目录")
    effective_from = models.DateField("实施日期")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    document_number = models.CharField("发布文号", max_length=80, blank=True)
    note = models.TextField("说明", blank=True)
    created_at = models.DateTimeField("创建时间")
    published_at = models.DateTimeField("发布时间", null=True, blank=True)

    class Meta:
        verbose_name = "交易目录版本"
        verbose_name_plural = "交易目录版本"
        ordering = ["-effective_from", "-id"]
        indexes = [models.Index(fields=["status", "effective_from"])]

    def __str__(self) -> str:
        return f"{self.title}（{self.label}）"


class CatalogueEntry(models.Model):
    class Group(models.TextChoices):
        WORKS = "works", "工程建设"
        PROCUREMENT = "procurement", "政府采购"
        NATURAL_RESOURCES = "natural", "自然资源"
        STATE_ASSETS = "assets", "资产股权"
        ENVIRONMENT = "environment", "环境权益"
        MEDICAL = "medical", "医药采购"
        OTHER = "other", "其他公共资源"

    version = models.ForeignKey(CatalogueVersion, on_delete=models.CASCADE, related_name="entries")
    code = models.CharField("目录编码", max_length=20)
    name = models.CharField("交易项目", max_length=120)
    group = models.CharField("类别", max_length=20, choices=Group.choices)
    platform = models.ForeignKey(
        SubPlatform,
        verbose_name="交易分平台",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
        help_text="为空表示依托综合交易系统交易",
    )
    regulators = models.ManyToManyField(
        "parties.Entity",
        verbose_name="行业主管部门",
        related_name="supervised_entries",
        limit_choices_to={"kind": "government"},
    )
    trading_methods = models.ManyToManyField(TradingMethod, verbose_name="交易方式", related_name="entries")
    industry_code = models.CharField(
        "行业门类",
        max_length=1,
        blank=True,
        help_text="GB/T 4754 门类字母，用于项目编号",
    )
    industry = models.CharField("行业", max_length=60, blank=True)
    legal_basis = models.CharField("依据", max_length=300, blank=True)
    description = models.TextField("范围说明", blank=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "交易目录条目"
        verbose_name_plural = "交易目录条目"
        ordering = ["version", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="catalogue_entry_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def platform_code(self) -> str:
        return self.platform.code if self.platform_id else COMPREHENSIVE_CODE

    @property
    def platform_display(self) -> str:
        if self.platform_id:
            return self.platform.platform_name
        return f"{PLATFORM_PREFIX}{COMPREHENSIVE_NAME}"

    @property
    def on_comprehensive_system(self) -> bool:
        return self.platform_id is None
