"""Operators' admin. Published versions are read-only; publishing and sub-platform registration go
through the services (audited, rules enforced)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages

from ggzy.core import audit, clock
from ggzy.core.exceptions import GgzyError

from . import services
from .models import CatalogueEntry, CatalogueVersion, SubPlatform, TradingMethod


@admin.register(TradingMethod)
class TradingMethodAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "legal_basis", "sort_order")
    search_fields = ("code", "name")

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj else ()  # codes are stable API values


class SubPlatformForm(forms.ModelForm):
    website = forms.URLField(label="网址", required=False, assume_scheme="https")

    class Meta:
        model = SubPlatform
        fields = ("code", "stem", "operator_name", "established_on", "website", "description")

    def clean_established_on(self):
        value = self.cleaned_data["established_on"]
        if value and value >= services.NEW_PLATFORM_CUTOFF:
            raise forms.ValidationError(
                services.NEW_PLATFORM_FORBIDDEN_MESSAGE, code="new_platform_forbidden"
            )
        return value


@admin.register(SubPlatform)
class SubPlatformAdmin(admin.ModelAdmin):
    form = SubPlatformForm
    list_display = ("platform_name", "center_name", "operator_name", "established_on")
    search_fields = ("platform_name", "operator_name", "code")

    def get_readonly_fields(self, request, obj=None):
        return ("code", "stem", "platform_name", "center_name", "established_on") if obj else ()

    def get_fields(self, request, obj=None):
        if obj:
            return (
                "code",
                "stem",
                "platform_name",
                "center_name",
                "operator_name",
                "established_on",
                "website",
                "description",
            )
        return SubPlatformForm.Meta.fields

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            audit.record(
                actor=request.user,
                action="catalogue.platform_changed",
                target=obj,
                payload={"fields": sorted(form.changed_data)},
            )
            return
        created = services.sub_platform_register(
            actor=request.user,
            code=obj.code,
            stem=obj.stem,
            operator_name=obj.operator_name,
            established_on=obj.established_on,
            website=obj.website,
            description=obj.description,
        )
        obj.pk = created.pk


class EntryInline(admin.StackedInline):
    model = CatalogueEntry
    extra = 0
    filter_horizontal = ("regulators", "trading_methods")
    fields = (
        "code",
        "name",
        "group",
        "platform",
        "regulators",
        "trading_methods",
        "industry_code",
        "industry",
        "legal_basis",
        "description",
        "sort_order",
    )


@admin.register(CatalogueVersion)
class CatalogueVersionAdmin(admin.ModelAdmin):
    list_display = ("label", "title", "effective_from", "status", "published_at")
    list_filter = ("status",)
    inlines = [EntryInline]
    actions = ["publish"]
    readonly_fields = ("status", "created_at", "published_at")

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status != CatalogueVersion.Status.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status != CatalogueVersion.Status.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_at = clock.now()
        super().save_model(request, obj, form, change)
        audit.record(
            actor=request.user,
            action="catalogue.version_saved",
            target=obj,
            payload={"label": obj.label, "fields": sorted(form.changed_data)},
        )

    @admin.action(description="发布所选目录版本")
    def publish(self, request, queryset):
        for version in queryset:
            try:
                services.catalogue_version_publish(actor=request.user, version=version)
            except GgzyError as exc:
                self.message_user(request, f"{version.label}：{exc.message}", level=messages.ERROR)
            else:
                self.message_user(request, f"{version.label} 已发布")
