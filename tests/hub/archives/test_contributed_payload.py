"""Other apps' facts in a section's bag: the witness records (venues) and the signed evaluation report
(evaluation), added through ``register_payload_contributor`` (spec archives-and-sso §1 "Payload")."""

from __future__ import annotations

import json

import bagit
import pytest

from ggzy.core import audit_seal
from ggzy.hub.archives import conf
from ggzy.hub.archives.models import Archive
from ggzy.hub.archives.services import archive_build_due
from ggzy.hub.venues import services as venue_services
from ggzy.parties.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_witness_records_of_a_finished_section_are_in_its_bag(failed_section):
    """Finding: the bag of a finished section did not hold its witness records (spec §1: "the witness
    records"); now data/witness/records.json holds every entry with its hash, and the bag validates."""
    operator = UserFactory(username="duty-op", role=Role.OPERATOR)
    entry = venue_services.witness_record(
        actor=operator,
        step="opening",
        reference=failed_section.code.lower(),
        observation="投标截止时投标人不足三家，现场见证流标。",
        media=[{"name": "开标录像.mp4", "sha256": "b" * 64}],
    )
    audit_seal.seal_due(force=True)
    assert archive_build_due() == 1
    archive = Archive.objects.get(ref=failed_section.code)
    bag = bagit.Bag(str(conf.archive_root() / archive.path))
    bag.validate()
    assert "data/witness/records.json" in set(bag.payload_files())
    records = json.loads((conf.archive_root() / archive.path / "data/witness/records.json").read_text())
    assert [r["id"] for r in records] == [entry.pk]
    assert records[0]["entryHash"] == entry.entry_hash and records[0]["intact"] is True
    assert records[0]["media"] == [{"name": "开标录像.mp4", "sha256": "b" * 64}]


def test_a_section_without_witness_entries_has_no_witness_file(archive):
    """Finding guard: no empty witness file is invented for a trade nobody witnessed."""
    bag = bagit.Bag(str(conf.archive_root() / archive.path))
    assert not any(n.startswith("data/witness/") for n in bag.payload_files())
