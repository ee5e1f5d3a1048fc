"""One read-only admin (``core.admin.ReadOnlyAdmin``): rows written only by services (audit trail, notices,
entities, exchange sources) are never added, changed or deleted in the admin — one class says so."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory

from ggzy.core.admin import ReadOnlyAdmin
from ggzy.core.models import AuditRecord
from ggzy.hub.publication.models import Notice
from ggzy.parties.models import Entity
from ggzy.supervision.exchange.models import ExchangeSource


@pytest.mark.parametrize("model", [AuditRecord, Notice, Entity, ExchangeSource], ids=lambda m: m.__name__)
def test_service_written_rows_are_read_only_in_the_admin(model, admin_user):
    model_admin = admin.site._registry[model]
    assert isinstance(model_admin, ReadOnlyAdmin)
    request = RequestFactory().get("/")
    request.user = admin_user
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
