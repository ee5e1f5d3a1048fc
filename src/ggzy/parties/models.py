from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from .roles import Role


class Entity(models.Model):
    """A market entity (法人或其他组织), or a government department, identified by its 统一社会信用代码."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", "企业法人"
        INSTITUTION = "institution", "事业单位"
        GOVERNMENT = "government", "机关"
        OTHER = "other", "其他组织"

    class Status(models.TextChoices):
        PENDING = "pending", "待审核"
        VERIFIED = "verified", "已审核"
        REJECTED = "rejected", "已驳回"
        SUSPENDED = "suspended", "已暂停"

    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True)
    name = models.CharField("名称", max_length=200)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.ENTERPRISE)
    status = models.CharField("审核状态", max_length=20, choices=Status.choices, default=Status.PENDING)
    district = models.CharField("所在区", max_length=40, blank=True)
    address = models.CharField("地址", max_length=300, blank=True)
    legal_representative = models.CharField("法定代表人", max_length=100, blank=True)
    contact_phone = models.CharField("联系电话", max_length=40, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    review_note = models.CharField("审核意见", max_length=500, blank=True)
    reviewed_by = models.ForeignKey(
        "parties.User",
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "市场主体"
        verbose_name_plural = "市场主体"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.uscc}）"


class User(AbstractUser):
    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.BIDDER)
    entity = models.ForeignKey(
        Entity, verbose_name="所属主体", null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    display_name = models.CharField("姓名", max_length=100, blank=True)
    phone = models.CharField("手机号", max_length=20, blank=True)
    # 居民身份证号 (GB 11643), validated by ggzy.core.codes.validate_id_number; unique when present.
    id_number = models.CharField("居民身份证号", max_length=18, blank=True, default="")
    # Set by an operator's password reset (a temporary password): until the user picks a new password,
    # the session opens only the password-change page and no API token is issued.
    must_change_password = models.BooleanField("须修改密码", default=False)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"], condition=~models.Q(id_number=""), name="parties_user_id_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.username


class ApiToken(models.Model):
    """Per-user token for machine clients. Only the SHA-256 of the token is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("用途", max_length=100, blank=True)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"


class EntityKey(models.Model):
    """A public key registered by an entity (sealed-bids spec §1): JWK with a ``kid``.

    ``use`` = "enc" (RSA ≥ 3072, RSA-OAEP-256) or "sig" (EC P-256 ES256, or SM2). Private keys never
    reach the platform.
    """

    class Use(models.TextChoices):
        ENC = "enc", "加密"
        SIG = "sig", "签名"

    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="keys")
    kid = models.CharField(max_length=128, unique=True)
    use = models.CharField(max_length=3, choices=Use.choices)
    alg = models.CharField(max_length=32)
    jwk = models.JSONField("公钥 JWK")
    fingerprint = models.CharField("公钥指纹", max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "主体公钥"
        verbose_name_plural = "主体公钥"


class LoginAttempt(models.Model):
    """One password attempt (web login or API token). Kept in the database so that throttling holds
    across every web process; old rows are pruned by the worker (parties.tasks)."""

    username = models.CharField(max_length=150)  # lower-cased
    ip = models.CharField(max_length=64, blank=True)
    at = models.DateTimeField()
    succeeded = models.BooleanField(default=False)
    channel = models.CharField(max_length=10, blank=True)

    class Meta:
        verbose_name = "登录尝试"
        verbose_name_plural = "登录尝试"
        indexes = [models.Index(fields=["username", "at"]), models.Index(fields=["ip", "at"])]
