"""Notices are read-only in the admin: they are published by services and corrected by new notices."""

from __future__ import annotations

from django.contrib import admin

from ggzy.core.admin import ReadOnlyAdmin

from .models import Notice


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "catalogue_code", "district", "published_at", "feed_position")
    list_filter = ("kind", "district", "catalogue_code")
    search_fields = ("title", "body")
    date_hierarchy = "published_at"
