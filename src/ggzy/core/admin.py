from __future__ import annotations

from django.contrib import admin

from .models import AuditRecord, AuditSeal


class ReadOnlyAdmin(admin.ModelAdmin):
    """The one read-only admin: rows written only through services (audit tables are append-only by
    database triggers; notices, entities and exchange sources have their own services) are shown, never
    added, changed or deleted here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditRecord)
class AuditRecordAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "at",
        "actor_username",
        "role",
        "entity_uscc",
        "action",
        "target_type",
        "target_id",
        "ip",
    )
    list_filter = ("action", "role", "channel")
    search_fields = ("actor_username", "entity_uscc", "target_id", "action")
    date_hierarchy = "at"
    show_full_result_count = False


@admin.register(AuditSeal)
class AuditSealAdmin(ReadOnlyAdmin):
    list_display = ("seq", "sealed_at", "record_count", "from_id", "to_id", "merkle_root")
    exclude = ("fingerprints",)
    show_full_result_count = False
