"""Django admin for operators (交易中心) and admins (综合管理部门): entities, users, keys, tokens.

Access follows our roles, not Django's per-model permissions. Writes that have a service (review,
key registration, token issue) are read-only here, so the audit trail stays complete."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from ggzy.core.admin import ReadOnlyAdmin
from ggzy.core.exceptions import GgzyError

from . import services
from .forms import ThrottledAdminAuthenticationForm
from .models import ApiToken, Entity, EntityKey, LoginAttempt, User
from .permissions import can_manage_user
from .roles import Role
from .services.users import EDITABLE_FIELDS

# One login path, one throttle: the admin's login form is the portal's throttled one (staff only).
admin.site.login_form = ThrottledAdminAuthenticationForm


def _password_change(request, extra_context=None):
    # Django's own form would skip token revocation and the audit record: use the account page.
    return redirect("parties:password_change")


admin.site.password_change = _password_change

STAFF_ROLES = (Role.OPERATOR, Role.ADMIN)


def _is_staff_role(request) -> bool:
    user = request.user
    return bool(user.is_active and user.is_staff and (user.is_superuser or user.role in STAFF_ROLES))


class RoleGatedAdmin(ReadOnlyAdmin):
    def has_module_permission(self, request):
        return _is_staff_role(request)

    def has_view_permission(self, request, obj=None):
        return _is_staff_role(request)


@admin.register(Entity)
class EntityAdmin(RoleGatedAdmin):
    list_display = ("name", "uscc", "kind", "status", "created_at", "reviewed_at")
    list_filter = ("status", "kind", "district")
    search_fields = ("name", "uscc")
    readonly_fields = [f.name for f in Entity._meta.fields]


@admin.register(User)
class PlatformUserAdmin(RoleGatedAdmin):
    # Not django.contrib.auth's UserAdmin: that one lets staff set other users' passwords.
    list_display = ("username", "display_name", "role", "entity", "is_active", "last_login")
    list_filter = ("role", "is_active")
    search_fields = ("username", "display_name", "entity__name", "entity__uscc")
    fieldsets = (
        (None, {"fields": ("username", "display_name", "role", "entity", "id_number", "phone", "email")}),
        ("状态", {"fields": ("is_active", "last_login", "date_joined")}),
    )
    readonly_fields = ("username", "role", "entity", "id_number", "last_login", "date_joined")

    def has_change_permission(self, request, obj=None):
        # Contact details and (de)activation, only of accounts the role manages (operators never touch
        # staff); roles and entities go through services. Others' accounts are shown read-only.
        if obj is None:
            return _is_staff_role(request)
        return _is_staff_role(request) and can_manage_user(request.user, obj)

    def save_model(self, request, obj, form, change):
        changes = {name: form.cleaned_data.get(name) for name in form.changed_data if name in EDITABLE_FIELDS}
        try:
            services.user_update(actor=request.user, user=obj, changes=changes)
        except GgzyError as exc:
            raise PermissionDenied(exc.message) from exc


@admin.register(EntityKey)
class EntityKeyAdmin(RoleGatedAdmin):
    list_display = ("kid", "entity", "use", "alg", "fingerprint", "created_at", "revoked_at")
    list_filter = ("use", "alg")
    search_fields = ("kid", "fingerprint", "entity__name", "entity__uscc")
    readonly_fields = [f.name for f in EntityKey._meta.fields]


@admin.register(ApiToken)
class ApiTokenAdmin(RoleGatedAdmin):
    list_display = ("prefix", "user", "name", "created_at", "expires_at", "last_used_at", "revoked_at")
    search_fields = ("prefix", "user__username")
    readonly_fields = [f.name for f in ApiToken._meta.fields]


@admin.register(LoginAttempt)
class LoginAttemptAdmin(RoleGatedAdmin):
    list_display = ("at", "username", "ip", "succeeded", "channel")
    list_filter = ("succeeded", "channel")
    search_fields = ("username", "ip")
    readonly_fields = [f.name for f in LoginAttempt._meta.fields]
