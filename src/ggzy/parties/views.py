"""HTML pages: login/logout, self-registration, operator review, an entity's keys, a user's API tokens.
Views parse forms, call one service or selector and render; refusals use the services' own errors."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from ggzy.core.exceptions import InvalidInput
from ggzy.core.web import run_form

from . import selectors, services
from .forms import (
    KeyForm,
    NoteForm,
    PasswordChangeForm,
    RegisterForm,
    ReviewForm,
    ThrottledAuthenticationForm,
    TokenForm,
)
from .models import Entity
from .permissions import require_entity, require_login, require_role
from .roles import Role


class LoginView(auth_views.LoginView):
    template_name = "parties/login.html"
    form_class = ThrottledAuthenticationForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        retry_after = getattr(form, "retry_after", None)
        if retry_after:  # locked by the login throttle
            response.status_code = 429
            response["Retry-After"] = str(retry_after)
        return response


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


@require_http_methods(["GET", "POST"])
def register(request):
    def _register(data):
        entity, user = services.entity_register(
            uscc=data["uscc"],
            name=data["name"],
            kind=data["kind"],
            role=data["role"],
            legal_representative=data["legal_representative"],
            contact_phone=data["contact_phone"],
            address=data["address"],
            username=data["username"],
            password=data["password1"],
            display_name=data["display_name"],
            phone=data["phone"],
            id_number=data["id_number"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return entity

    return run_form(
        request,
        RegisterForm(request.POST or None),
        _register,
        template="parties/register.html",
        success_url=reverse("parties:keys"),
        success_message=lambda entity: (
            f"“{entity.name}”注册成功，请等待交易中心审核；审核通过后即可参与交易。"
        ),
    )


@require_http_methods(["GET"])
def operator_entities(request):
    require_role(request.user, Role.OPERATOR)
    query = request.GET.get("q", "").strip()[:200]
    recent = Entity.objects.exclude(status=Entity.Status.PENDING)
    if query:
        recent = recent.filter(Q(name__icontains=query) | Q(uscc__icontains=query.upper()))
    else:
        recent = recent.filter(reviewed_at__isnull=False)
    return render(
        request,
        "parties/operator_entities.html",
        {
            "pending": selectors.entities_pending_review().prefetch_related("users"),
            "recent": recent.select_related("reviewed_by").order_by("-reviewed_at", "-id")[:50],
            "query": query,
            "form": ReviewForm(),
        },
    )


@require_POST
def operator_entity_review(request, uscc: str):
    require_role(request.user, Role.OPERATOR)
    return run_form(
        request,
        ReviewForm(request.POST),
        lambda data: services.entity_review(
            actor=request.user, uscc=uscc, approve=data["decision"] == "approve", note=data["note"]
        ),
        success_url=reverse("parties:operator_entities"),
        success_message=lambda entity: (
            f"已{'通过' if entity.status == Entity.Status.VERIFIED else '驳回'}：{entity.name}"
        ),
    )


@require_POST
def operator_entity_status(request, uscc: str, event: str):
    """Suspend (暂停, reason required) or reinstate (恢复) a reviewed entity."""
    require_role(request.user, Role.OPERATOR)
    service = {"suspend": services.entity_suspend, "reinstate": services.entity_reinstate}[event]
    return run_form(
        request,
        NoteForm(request.POST),
        lambda data: service(actor=request.user, uscc=uscc, note=data["note"]),
        success_url=reverse("parties:operator_entities"),
        success_message=lambda entity: f"{entity.name}：{entity.get_status_display()}",
    )


@require_POST
def entity_resubmit(request):
    return run_form(
        request,
        NoteForm(request.POST),
        lambda data: services.entity_resubmit(actor=request.user, note=data["note"]),
        success_url=reverse("parties:keys"),
        success_message="已重新提交审核，请等待交易中心处理",
    )


@require_http_methods(["GET", "POST"])
def keys(request):
    entity = require_entity(request.user)

    def _register_key(data):
        try:
            jwk = json.loads(data["jwk"])
        except json.JSONDecodeError as exc:
            raise InvalidInput("不是有效的 JSON", code="invalid_jwk", details={"field": "jwk"}) from exc
        return services.entity_key_register(actor=request.user, entity=entity, jwk=jwk)

    return run_form(
        request,
        KeyForm(request.POST or None),
        _register_key,
        template="parties/keys.html",
        context={"entity": entity, "keys": selectors.entity_keys_all(entity=entity)},
        success_url=reverse("parties:keys"),
        success_message=lambda key: f"公钥 {key.kid} 已登记",
    )


@require_POST
def key_revoke(request, kid: str):
    entity = require_entity(request.user)
    key = services.entity_key_revoke(actor=request.user, entity=entity, kid=kid)
    messages.success(request, f"公钥 {key.kid} 已吊销")
    return redirect("parties:keys")


@require_http_methods(["GET", "POST"])
def tokens(request):
    user = require_login(request.user)
    form = TokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        token, raw = services.api_token_issue(actor=user, name=form.cleaned_data["name"])
        issued = {"token": token, "raw": raw}  # shown on this response only, never stored in clear
        form = TokenForm()
    response = render(
        request,
        "parties/tokens.html",
        {
            "tokens": selectors.user_tokens(user=user),
            "form": form,
            "issued": issued,
            "ttl_hours": settings.GGZY_API_TOKEN_TTL_HOURS,
        },
    )
    if issued:
        response["Cache-Control"] = "no-store"
    return response


@require_POST
def token_revoke(request, token_id: int):
    require_login(request.user)
    token = services.api_token_revoke(actor=request.user, token_id=token_id)
    messages.success(request, f"令牌 {token.prefix}… 已吊销")
    return redirect("parties:tokens")


@require_http_methods(["GET", "POST"])
def password_change(request):
    """The user's own password (修改密码); also where a temporary password from a reset must be replaced."""
    user = require_login(request.user)
    form = PasswordChangeForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""

    def _change(data):
        changed, revoked = services.user_password_change(
            actor=user, old_password=data["old_password"], new_password=data["new_password1"]
        )
        update_session_auth_hash(request, changed)  # this session stays; the others end
        return revoked

    return run_form(
        request,
        form,
        _change,
        template="parties/password_change.html",
        context={"must_change": user.must_change_password, "next": next_url},
        success_url=next_url or reverse("portal:workbench"),
        success_message=lambda revoked: (
            "密码已修改"
            + (f"，已吊销 {revoked} 个 API 令牌，其他设备需重新登录" if revoked else "，其他设备需重新登录")
        ),
    )


@require_http_methods(["GET"])
def operator_users(request):
    """Accounts the operator manages (market entities' users, experts): find one and reset its password."""
    require_role(request.user, Role.OPERATOR, Role.ADMIN)
    query = request.GET.get("q", "").strip()[:150]
    return render(
        request,
        "parties/operator_users.html",
        {
            "users": selectors.users_manageable_by(request.user, query=query)[:50],
            "query": query,
        },
    )


@require_POST
def operator_user_password_reset(request, username: str):
    user, temporary = services.user_password_reset(actor=request.user, username=username)
    response = render(
        request,
        "parties/operator_users.html",
        {
            "users": [],
            "query": "",
            "issued": {"user": user, "temporary": temporary},
        },
    )
    response["Cache-Control"] = "no-store"  # the temporary password is shown on this response only
    return response
