"""权责清单: the powers per department on a public page; each workflow's records name the power exercised."""

from __future__ import annotations

import datetime as dt

import pytest

from ggzy.catalog import services as catalog
from ggzy.core import powers
from ggzy.core.models import AuditRecord
from ggzy.supervision.redflags.models import Alert
from ggzy.supervision.redflags.services import alert_transition

from ..exchange import helpers

pytestmark = pytest.mark.django_db


@pytest.fixture
def works():
    works = helpers.entity("上海市住房和城乡建设管理委员会")
    helpers.catalogue(works_regulators=[works], goods_regulators=[helpers.entity("上海市财政局")])
    return works


def test_public_page_lists_powers_per_department_with_links(client, works):
    """Anonymous visitors see each department's powers; online workflows are linked, the others 即将上线."""
    response = client.get("/quanze/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "上海市住房和城乡建设管理委员会" in page and "A01 房屋建筑和市政基础设施工程" in page
    for power in powers.POWERS:
        assert power.code in page and power.name in page
    assert 'href="/supervision/alerts/"' in page and 'href="/supervision/filings/"' in page
    assert page.count("即将上线") >= 2  # complaints and credit records are not online yet


def test_every_linked_power_resolves_to_a_page():
    """Each power's workflow is a URL name that exists (or None: not online yet)."""
    from django.urls import reverse

    for power in powers.POWERS:
        if power.url_name:
            assert reverse(power.url_name)


def test_catalogue_publication_names_its_power(works):
    """Publishing a catalogue version records the power exercised (QZ-ZH-01)."""
    version = catalog.catalogue_version_create(
        actor=None, label="2027年版", effective_from=dt.date(2027, 1, 1)
    )
    catalog.catalogue_entry_add(
        actor=None,
        version=version,
        code="A02",
        name="水利工程",
        group="works",
        regulators=[works],
        trading_methods=["open"],
        platform="jsgc",
    )
    catalog.catalogue_version_publish(actor=None, version=version)
    record = AuditRecord.objects.filter(action="catalogue.version_published").order_by("-id").first()
    assert record.payload["power"] == powers.CATALOGUE_PUBLISH


def test_alert_handling_names_its_power(works):
    """Each handling step of an alert records the power exercised (QZ-JG-01)."""
    regulator = helpers.user("regulator", works)
    at = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    alert = Alert.objects.create(
        subject_type=Alert.Subject.values[0],
        subject_key="ocds-test01-000001",
        title="预警",
        score=0.9,
        created_at=at,
        updated_at=at,
    )
    alert.regulators.add(works)
    alert_transition(actor=regulator, alert_id=alert.pk, to_status=Alert.Status.INVESTIGATING)
    record = AuditRecord.objects.filter(action="alert.transition").order_by("-id").first()
    assert record.payload["power"] == powers.ALERT_HANDLING


def test_portal_footer_links_the_powers_list(client):
    """Every portal page links 权责清单 in its footer."""
    assert 'href="/quanze/"' in client.get("/notices/").content.decode()


def test_workbench_offers_filing_to_admin_and_operator(client, works):
    """The admin sees the review entrance, the operator the filing one, a regulator neither."""
    for role, label in (("admin", "升级改造备案审核"), ("operator", "分平台升级改造备案")):
        client.force_login(helpers.user(role, helpers.entity(f"{role}单位")))
        assert label in client.get("/workbench/").content.decode()
    client.force_login(helpers.user("regulator", works))
    assert "升级改造备案" not in client.get("/workbench/").content.decode()
