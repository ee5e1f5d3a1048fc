"""Single sign-on records of the portal: which OIDC client a sub-platform signs in with, and what a user approved."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SubPlatformClient(models.Model):
    """A catalogued sub-platform (交易分平台) and the OIDC client it signs its users in with."""

    platform = models.OneToOneField(
        "catalog.SubPlatform", verbose_name="交易分平台", on_delete=models.CASCADE, related_name="sso_client"
    )
    application = models.OneToOneField(
        "oauth2_provider.Application",
        verbose_name="OIDC 客户端",
        on_delete=models.CASCADE,
        related_name="sub_platform",
    )
    login_url = models.URLField("单点登录入口", help_text="分平台发起单点登录的地址（跳转到门户授权页）")
    created_at = models.DateTimeField("登记时间")

    class Meta:
        verbose_name = "分平台单点登录客户端"
        verbose_name_plural = "分平台单点登录客户端"
        ordering = ["platform__code"]

    def __str__(self) -> str:
        return f"{self.platform} → {self.application.name}"


class Consent(models.Model):
    """A user's approval of one client (remembered per client until the user revokes it)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="sso_consents"
    )
    application = models.ForeignKey(
        "oauth2_provider.Application", verbose_name="OIDC 客户端", on_delete=models.CASCADE, related_name="+"
    )
    scope = models.CharField("授权范围", max_length=200)
    granted_at = models.DateTimeField("授权时间")
    last_used_at = models.DateTimeField("最近登录", null=True, blank=True)

    class Meta:
        verbose_name = "单点登录授权"
        verbose_name_plural = "单点登录授权"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "application"], name="sso_consent_user_application_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.application_id}"

    def covers(self, scopes) -> bool:
        return set(scopes) <= set(self.scope.split())
