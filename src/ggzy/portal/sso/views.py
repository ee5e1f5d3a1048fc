"""Pages of single sign-on: the authorization page (django-oauth-toolkit's view with the portal's login, the
sign-in rule, S256-only PKCE and remembered consent), the user's connected sub-platforms, the sub-platform list."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from oauth2_provider.models import Application
from oauth2_provider.views import AuthorizationView

from ggzy.core.exceptions import BadRequest, Forbidden
from ggzy.parties.permissions import require_login

from . import selectors, services
from .models import Consent
from .rules import sign_in_refusal


def _origin(uri: str) -> str | None:
    parts = urlsplit(uri or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else None


class PortalAuthorizationView(AuthorizationView):
    """``/o/authorize/``: who is not logged in goes to the portal's login page (LOGIN_URL) and comes back."""

    template_name = "sso/authorize.html"

    def _check_user(self, request) -> None:
        refusal = sign_in_refusal(request.user)
        if refusal is not None:
            raise Forbidden(refusal[1], code=refusal[0])

    def get(self, request, *args, **kwargs):
        self._check_user(request)
        if request.GET.get("code_challenge_method") != "S256" or not request.GET.get("code_challenge"):
            raise BadRequest(
                "授权请求须使用 PKCE（code_challenge_method=S256）", code="sso_pkce_s256_required"
            )
        self.force_consent = "consent" in request.GET.get("prompt", "").split()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._check_user(request)
        return super().post(request, *args, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        application = context.get("application")
        if (
            self.request.method == "GET"
            and application is not None
            and "error" not in context
            and not getattr(self, "force_consent", False)
        ):
            consent = Consent.objects.filter(user=self.request.user, application=application).first()
            if consent is not None and consent.covers(context.get("scopes") or []):
                form = self.form_class(data={**self.get_initial(), "allow": True})
                if form.is_valid():
                    return self.form_valid(form)
        response = super().render_to_response(context, **response_kwargs)
        origin = _origin(context.get("redirect_uri") or "")
        # The consent form is answered by a redirect to the sub-platform (CSP form-action covers redirects).
        if origin:
            response._csp_update = {"form-action": [origin]}
        return response

    def form_valid(self, form):
        response = super().form_valid(form)
        if form.cleaned_data.get("allow") and getattr(self, "success_url", None):
            application = Application.objects.get(client_id=form.cleaned_data["client_id"])
            services.consent_remember(
                user=self.request.user, application=application, scopes=form.cleaned_data["scope"].split()
            )
        return response


def connections(request):
    """已连接的分平台: the clients the user approved, each with a revoke button."""
    user = require_login(request.user)
    return render(request, "sso/connections.html", {"connections": selectors.user_connections(user=user)})


@require_POST
def connection_revoke(request, application_id: int):
    user = require_login(request.user)
    application = services.connection_revoke(actor=user, application_id=application_id)
    messages.success(request, f"已断开与“{application.name}”的连接，下次登录需重新授权")
    return redirect("sso:connections")


def sub_platforms(request):
    """交易分平台: the catalogued sub-platforms, each linked to its single sign-on entrance when it has one."""
    return render(request, "sso/sub_platforms.html", {"platforms": selectors.sub_platforms_with_clients()})
