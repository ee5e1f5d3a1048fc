"""notice_publish: validation, audit, source links."""

from __future__ import annotations

import pytest

from ggzy.core.exceptions import InvalidInput, NotFound
from ggzy.core.models import AuditRecord
from ggzy.hub.publication.models import Notice
from ggzy.hub.publication.selectors import notices_for_source
from ggzy.hub.publication.services import notice_publish

pytestmark = pytest.mark.django_db


def test_publish_stores_the_notice_and_audits_it(publish):
    notice = publish(district="浦东")
    assert notice.district == "310115"
    assert notice.get_district_display() == "浦东新区"
    assert notice.catalogue_entry.code == "GC01"
    assert len(notice.body_digest) == 64
    record = AuditRecord.objects.get(action="notice.published", target_id=str(notice.pk))
    assert record.payload["catalogueCode"] == "GC01"
    assert record.payload["bodyDigest"] == notice.body_digest


def test_issuer_defaults_to_the_actors_entity(catalogue, regulators_user):
    notice = notice_publish(
        actor=regulators_user,
        kind="general",
        title="交易公告",
        body="正文",
        catalogue_code="ZC01",
        district="市级",
    )
    assert notice.issuer == regulators_user.entity
    assert notice.published_by == regulators_user


def test_source_object_is_recorded_and_found_again(publish, catalogue):
    notice = publish(source=catalogue)
    assert (notice.source_type, notice.source_id) == ("catalog.catalogueversion", str(catalogue.pk))
    other = publish(title="第二份", source=("tendering.tender", 42))
    assert list(notices_for_source("tendering.tender", 42)) == [other]


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("kind", "rumour", "invalid_notice_kind"),
        ("district", "苏州市", "invalid_district"),
        ("title", "  ", "invalid_notice_title"),
        ("body", "", "invalid_notice_body"),
    ],
)
def test_invalid_content_is_refused_and_nothing_is_written(catalogue, field, value, code):
    kwargs = {
        "kind": "tender",
        "title": "标题",
        "body": "正文",
        "catalogue_code": "GC01",
        "district": "310101",
    }
    kwargs[field] = value
    with pytest.raises(InvalidInput) as err:
        notice_publish(actor=None, **kwargs)
    assert err.value.code == code
    assert not Notice.objects.exists()
    assert not AuditRecord.objects.filter(action="notice.published").exists()


def test_unknown_catalogue_code_is_refused(catalogue):
    with pytest.raises(NotFound) as err:
        notice_publish(
            actor=None, kind="tender", title="标题", body="正文", catalogue_code="XX99", district="市级"
        )
    assert err.value.code == "catalogue_entry_not_found"
    assert not Notice.objects.exists()


@pytest.fixture
def regulators_user(catalogue):
    from ggzy.parties.models import Entity, User

    entity = Entity.objects.get(name="上海市财政局")
    return User.objects.create_user("mof", password="x-Secret-123", role="regulator", entity=entity)


def test_a_code_dropped_by_a_newer_catalogue_still_publishes_under_its_old_entry(catalogue):
    import datetime as dt

    import time_machine

    from ggzy.catalog import services
    from ggzy.parties.models import User

    admin = User.objects.create_user("ndrc", password="x-Secret-123", role="admin")
    with time_machine.travel(dt.datetime(2026, 11, 28, 2, 0, tzinfo=dt.UTC), tick=False):
        newer = services.catalogue_version_create(
            actor=admin, label="2026年版", effective_from=dt.date(2026, 11, 28), copy_from=catalogue
        )
        services.catalogue_entry_remove(actor=admin, entry=newer.entries.get(code="QT01"))
        services.catalogue_version_publish(actor=admin, version=newer)
        notice = notice_publish(
            actor=None,
            kind="termination",
            title="终止公告",
            body="正文",
            catalogue_code="QT01",
            district="市级",
        )
        assert notice.catalogue_entry.version == catalogue
        current = notice_publish(
            actor=None,
            kind="tender",
            title="新目录下的公告",
            body="正文",
            catalogue_code="GC01",
            district="市级",
        )
        assert current.catalogue_entry.version == newer
