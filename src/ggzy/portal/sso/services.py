"""Writes of single sign-on: registering a client, remembering a user's approval, revoking a connection."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import AccessToken, Application, Grant, IDToken, RefreshToken

from ggzy.catalog.models import SubPlatform
from ggzy.core import audit, clock
from ggzy.core.exceptions import InvalidInput, NotFound

from .models import Consent, SubPlatformClient


@transaction.atomic
def oidc_client_create(
    *, actor, name: str, redirect_uri: str, public: bool = False, platform_code: str = "", login_url: str = ""
) -> tuple[Application, str | None]:
    """Register a sub-platform's OIDC client (authorization code + PKCE, id_tokens signed RS256).

    Returns the application and its client secret in clear (shown once; only its hash is stored), or ``None``
    for a public client. With ``platform_code`` the catalogued sub-platform is linked to the client and the
    portal's sub-platform page links to ``login_url`` (the sub-platform's single sign-on entrance)."""
    name = (name or "").strip()
    if not name:
        raise InvalidInput("请填写客户端名称", code="oidc_client_name_required", details={"field": "name"})
    platform = None
    if platform_code:
        platform = SubPlatform.objects.filter(code=platform_code).first()
        if platform is None:
            raise NotFound(
                "交易分平台不存在", code="sub_platform_not_found", details={"platform": platform_code}
            )
        if SubPlatformClient.objects.filter(platform=platform).exists():
            raise InvalidInput(
                "该分平台已登记单点登录客户端",
                code="sub_platform_client_exists",
                details={"platform": platform_code},
            )
        if not login_url:
            raise InvalidInput(
                "请填写分平台的单点登录入口", code="sso_login_url_required", details={"field": "loginUrl"}
            )
    secret = None if public else generate_client_secret()
    application = Application(
        name=name,
        client_type=Application.CLIENT_PUBLIC if public else Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=redirect_uri,
        algorithm=Application.RS256_ALGORITHM,
        client_secret=secret or "",
    )
    try:
        application.clean()
    except ValidationError as exc:
        raise InvalidInput(
            "回调地址无效：" + "；".join(exc.messages),
            code="oidc_redirect_uri_invalid",
            details={"field": "redirectUri"},
        ) from exc
    application.save()
    if platform is not None:
        link = SubPlatformClient(
            platform=platform, application=application, login_url=login_url, created_at=clock.now()
        )
        try:
            link.full_clean(exclude=["platform", "application"])
        except ValidationError as exc:
            raise InvalidInput(
                "单点登录入口地址无效", code="sso_login_url_invalid", details={"field": "loginUrl"}
            ) from exc
        link.save()
    audit.record(
        actor=actor,
        action="sso.client_create",
        target=application,
        payload={
            "clientId": application.client_id,
            "name": name,
            "redirectUris": redirect_uri,
            "public": public,
            "platform": platform_code or None,
        },
    )
    return application, secret


@transaction.atomic
def consent_remember(*, user, application: Application, scopes: list[str]) -> Consent:
    """The user approved ``application`` for ``scopes``: later sign-ins of the same client skip the question."""
    now = clock.now()
    consent = Consent.objects.select_for_update().filter(user=user, application=application).first()
    if consent is None:
        consent = Consent.objects.create(
            user=user,
            application=application,
            scope=" ".join(sorted(set(scopes))),
            granted_at=now,
            last_used_at=now,
        )
        audit.record(
            actor=user,
            action="sso.consent_grant",
            target=consent,
            payload={"clientId": application.client_id, "scope": consent.scope},
        )
        return consent
    if not consent.covers(scopes):
        consent.scope = " ".join(sorted(set(consent.scope.split()) | set(scopes)))
        audit.record(
            actor=user,
            action="sso.consent_grant",
            target=consent,
            payload={"clientId": application.client_id, "scope": consent.scope},
        )
    consent.last_used_at = now
    consent.save(update_fields=["scope", "last_used_at"])
    return consent


@transaction.atomic
def connection_revoke(*, actor, application_id: int) -> Application:
    """Disconnect one sub-platform from the actor's account: the remembered approval is forgotten and every
    token and code of that client for the actor stops working (the next sign-in asks again)."""
    application = Application.objects.filter(pk=application_id).first()
    consents = Consent.objects.filter(user=actor, application_id=application_id)
    if application is None or not consents.exists():
        raise NotFound("未连接该分平台", code="sso_connection_not_found")
    consents.delete()
    refresh_tokens = RefreshToken.objects.filter(user=actor, application=application, revoked__isnull=True)
    revoked = refresh_tokens.update(revoked=clock.now())
    access = AccessToken.objects.filter(user=actor, application=application).delete()[0]
    IDToken.objects.filter(user=actor, application=application).delete()
    Grant.objects.filter(user=actor, application=application).delete()
    audit.record(
        actor=actor,
        action="sso.connection_revoke",
        target=application,
        payload={"clientId": application.client_id, "refreshTokens": revoked, "accessTokens": access},
    )
    return application
