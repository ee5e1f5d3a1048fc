"""Single sign-on URLs. django-oauth-toolkit's endpoints keep their own namespace (``oauth2_provider``, which
its views reverse) under ``/o/``; the discovery document is at the site root, so the issuer is the origin."""

from django.urls import include, path, re_path
from oauth2_provider import views as oauth2_views

from . import views

oauth2_patterns = [
    path("o/authorize/", views.PortalAuthorizationView.as_view(), name="authorize"),
    path("o/token/", oauth2_views.TokenView.as_view(), name="token"),
    path("o/revoke_token/", oauth2_views.RevokeTokenView.as_view(), name="revoke-token"),
    path("o/introspect/", oauth2_views.IntrospectTokenView.as_view(), name="introspect"),
    path("o/userinfo/", oauth2_views.UserInfoView.as_view(), name="user-info"),
    path("o/jwks/", oauth2_views.JwksInfoView.as_view(), name="jwks-info"),
    re_path(
        r"^\.well-known/openid-configuration$",
        oauth2_views.ConnectDiscoveryInfoView.as_view(),
        name="oidc-connect-discovery-info",
    ),
]

page_patterns = [
    path("account/connections/", views.connections, name="connections"),
    path(
        "account/connections/<int:application_id>/revoke/", views.connection_revoke, name="connection_revoke"
    ),
    path("platforms/", views.sub_platforms, name="sub_platforms"),
]

urlpatterns = [
    path("", include((oauth2_patterns, "oauth2_provider"))),
    path("", include((page_patterns, "sso"))),
]
