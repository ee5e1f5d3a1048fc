"""HTML forms. They only parse input; rules live in services (whose errors are shown on the form)."""

from __future__ import annotations

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator

from ggzy.core.exceptions import NotAuthenticated, Throttled

from .models import Entity
from .roles import Role
from .services import SELF_REGISTER_ROLES
from .throttle import authenticate_throttled

# Service error ``details.field`` (API names) → form field names (``ggzy.core.web.attach_error``).
FIELD_NAMES = {
    "uscc": "uscc",
    "name": "name",
    "kind": "kind",
    "legalRepresentative": "legal_representative",
    "contactPhone": "contact_phone",
    "district": "district",
    "address": "address",
    "username": "username",
    "password": "password1",
    "role": "role",
    "displayName": "display_name",
    "phone": "phone",
    "email": "email",
    "idNumber": "id_number",
    "note": "note",
    "jwk": "jwk",
    "kid": "jwk",
    "member": "jwk",
    "oldPassword": "old_password",
    "newPassword": "new_password1",
}


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's login form, with the platform's DB-backed throttle and Chinese messages."""

    error_messages = {
        "invalid_login": "用户名或密码错误",
        "inactive": "该账号已停用",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["password"].validators.append(MaxLengthValidator(256))  # no Argon2 on megabytes

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        password = self.cleaned_data.get("password") or ""
        if not username or not password:
            return self.cleaned_data
        try:
            self.user_cache = authenticate_throttled(self.request, username=username, password=password)
        except Throttled as exc:
            self.retry_after = exc.retry_after  # the view answers 429 with Retry-After
            raise forms.ValidationError(exc.message, code="throttled") from exc
        except NotAuthenticated as exc:
            raise forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login") from exc
        self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class ThrottledAdminAuthenticationForm(ThrottledAuthenticationForm, AdminAuthenticationForm):
    """The admin site's login: the same throttle and records as the portal login, and staff only."""


class RegisterForm(forms.Form):
    error_fields = FIELD_NAMES
    # Length and characters are checked by validate_uscc, so every mistake gets the same clear message.
    uscc = forms.CharField(
        label="统一社会信用代码",
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "maxlength": "18",
                "spellcheck": "false",
            }
        ),
    )
    name = forms.CharField(label="主体名称", max_length=200)
    kind = forms.ChoiceField(label="主体类型", choices=Entity.Kind.choices, initial=Entity.Kind.ENTERPRISE)
    role = forms.ChoiceField(
        label="参与身份", choices=[(r.value, r.label) for r in SELF_REGISTER_ROLES], initial=Role.BIDDER
    )
    legal_representative = forms.CharField(label="法定代表人", max_length=100, required=False)
    contact_phone = forms.CharField(label="联系电话", max_length=40, required=False)
    address = forms.CharField(label="地址", max_length=300, required=False)
    username = forms.CharField(
        label="用户名", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "username"})
    )
    display_name = forms.CharField(label="经办人姓名", max_length=100, required=False)
    id_number = forms.CharField(label="经办人身份证号", max_length=18, required=False)
    phone = forms.CharField(label="手机号", max_length=20, required=False)
    password1 = forms.CharField(
        label="密码",
        max_length=256,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="至少10位，不能全为数字或过于常见",
    )
    password2 = forms.CharField(
        label="确认密码", max_length=256, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", "两次输入的密码不一致")
        return data


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", "通过"), ("reject", "驳回")],
        error_messages={"required": "请选择通过或驳回", "invalid_choice": "请选择通过或驳回"},
    )
    note = forms.CharField(label="审核意见", max_length=500, required=False)


class NoteForm(forms.Form):
    """A status change with an optional note (suspend / reinstate / resubmit); the service decides if required."""

    note = forms.CharField(label="说明", max_length=500, required=False)


class KeyForm(forms.Form):
    error_fields = FIELD_NAMES
    jwk = forms.CharField(
        label="公钥 JWK",
        widget=forms.Textarea(attrs={"rows": 8, "class": "mono", "spellcheck": "false"}),
        help_text="粘贴 JSON 格式的公钥（须含 kid、use、alg；不得包含私钥成员 d）",
    )


class TokenForm(forms.Form):
    name = forms.CharField(label="用途", max_length=100, required=False)


class PasswordChangeForm(forms.Form):
    """Parsing only: the old password, strength and token revocation are the service's."""

    error_fields = FIELD_NAMES

    old_password = forms.CharField(
        label="原密码",
        max_length=256,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    new_password1 = forms.CharField(
        label="新密码",
        max_length=256,
        strip=False,
        help_text="至少10位，不能全为数字或过于常见",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label="确认新密码",
        max_length=256,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("new_password1")
            and data.get("new_password2")
            and data["new_password1"] != data["new_password2"]
        ):
            self.add_error("new_password2", "两次输入的密码不一致")
        return data
