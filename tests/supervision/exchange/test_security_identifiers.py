"""Finding 4 (audit of identifier lookups): an ocid sent with blanks around it is the same ocid.

Cleaned once, before the ownership and prefix checks, so a sub-platform can neither report another
sub-platform's process nor slip past the platform's reserved prefix by adding a space."""

from __future__ import annotations

import datetime as dt

import pytest

from ggzy.catalog.services import sub_platform_register
from ggzy.supervision.exchange.models import IntakeRecord, IntakeRelease

from . import helpers
from .ocds_samples import package, release
from .test_intake_api import post, source_and_token  # noqa: F401 — fixture

pytestmark = pytest.mark.django_db


def test_ocid_of_another_sub_platform_with_blanks_is_still_foreign(client, source_and_token):  # noqa: F811
    """Finding 4: a second sub-platform sending " <ocid>" of the first one's process gets 409 ``ocid_foreign``
    and stores nothing."""
    _, token = source_and_token
    assert post(client, package([release(1)]), token).status_code == 201
    sub_platform_register(
        actor=None,
        code="tdjy",
        stem="土地交易",
        operator_name="土地交易中心",
        established_on=dt.date(2006, 1, 1),
    )
    _, other_token = helpers.registered_source("tdjy")
    spoof = release(1, rid="another")
    spoof["ocid"] = f" {spoof['ocid']}\u200b"
    response = post(client, package([spoof]), other_token)
    assert response.status_code == 409 and response.json()["code"] == "ocid_foreign"
    assert IntakeRelease.objects.count() == 1 and IntakeRecord.objects.count() == 1


def test_own_ocid_prefix_with_blanks_or_capitals_is_reserved(client, source_and_token):  # noqa: F811
    """Finding 4: the platform's own ocid prefix stays reserved whatever blanks or letter case it is sent with."""
    _, token = source_and_token
    for ocid in (" ocds-ggzysh-E31011526020200010001001", "OCDS-GGZYSH-E31011526020200010001001"):
        rel = release(1)
        rel["ocid"] = ocid
        response = post(client, package([rel]), token)
        assert response.status_code == 422 and response.json()["code"] == "ocid_reserved"
    assert not IntakeRelease.objects.exists()


def test_cleaned_ocid_is_what_is_stored(client, source_and_token):  # noqa: F811
    """Finding 4: " <ocid> " and "<ocid>" are one process (one record), never two."""
    _, token = source_and_token
    first = release(1, rid="a")
    second = release(1, rid="b")
    second["ocid"] = f"  {second['ocid']} "
    assert post(client, package([first]), token).status_code == 201
    assert post(client, package([second]), token).status_code == 201
    assert list(IntakeRecord.objects.values_list("ocid", flat=True)) == [first["ocid"]]
