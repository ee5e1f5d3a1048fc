"""The catalogue version changes state only through its table (ggzy.catalog.states.VERSION)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from ggzy.catalog import services
from ggzy.catalog.models import CatalogueVersion
from ggzy.catalog.states import VERSION
from ggzy.core.exceptions import Conflict
from ggzy.core.models import AuditRecord

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC), tick=False)
def test_publication_is_one_audited_move_from_draft(catalogue, admin_user):
    """Publishing moves draft → published with the audit record naming both states."""
    draft = services.catalogue_version_create(
        actor=admin_user, label="2027年版", effective_from=dt.date(2027, 2, 1), copy_from=catalogue
    )
    services.catalogue_version_publish(actor=admin_user, version=draft)
    assert draft.status == CatalogueVersion.Status.PUBLISHED
    record = AuditRecord.objects.get(action="catalogue.version_published", target_id=str(draft.pk))
    assert (record.payload["from"], record.payload["to"]) == ("draft", "published")


def test_a_published_version_never_moves_again(catalogue, admin_user):
    """Published is final: the table refuses going back to draft, and nothing is written."""
    audited = AuditRecord.objects.count()
    with pytest.raises(Conflict) as err:
        VERSION.move(catalogue, CatalogueVersion.Status.DRAFT, actor=admin_user)
    assert err.value.code == "catalogue_version_state"
    assert "“已发布”" in err.value.message and "“草稿”" in err.value.message
    assert CatalogueVersion.objects.get(pk=catalogue.pk).status == CatalogueVersion.Status.PUBLISHED
    assert AuditRecord.objects.count() == audited
