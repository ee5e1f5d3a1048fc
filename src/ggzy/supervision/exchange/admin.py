"""Read-only admin views of the exchange set-up. Registration and tokens go through the services
(``ggzy exchange register|token``) so that they are audited and the raw token is shown once.
Alerts are deliberately not in the admin: only the routed regulators may see them."""

from __future__ import annotations

from django.contrib import admin

from ggzy.core.admin import ReadOnlyAdmin as ReadOnly

from .models import ExchangeSource, ExchangeToken


@admin.register(ExchangeSource)
class ExchangeSourceAdmin(ReadOnly):
    list_display = ("platform_code", "name", "ocid_prefix", "is_active", "created_at")


@admin.register(ExchangeToken)
class ExchangeTokenAdmin(ReadOnly):
    list_display = ("source", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    exclude = ("key_hash",)
