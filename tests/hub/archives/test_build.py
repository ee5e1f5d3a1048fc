"""A finished section gets one BagIt bag, valid by the ``bagit`` library, built only once its audit is sealed."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import bagit
import pytest
from django.core.management import call_command

from ggzy.core import audit_seal
from ggzy.core.audit_hashing import leaf, payload_digest_of_stored, record_hash, seal_hash
from ggzy.hub.archives import conf
from ggzy.hub.archives.models import Archive
from ggzy.hub.archives.services import archive_build, archive_build_due
from ggzy.hub.archives.sources import provider_for, register_payload_contributor

pytestmark = pytest.mark.django_db


def bag_path(archive) -> Path:
    return conf.archive_root() / archive.path


@pytest.mark.legal_rule("采购法42")
def test_finished_section_is_archived_as_a_valid_bag_with_the_spec_info(archive, failed_section):
    """Finding: no archive was made when a section finished; bag-info carries the spec's keys, retention ≥ 15 y."""
    bag = bagit.Bag(str(bag_path(archive)))
    bag.validate()
    assert set(bag.algorithms) >= {"sha256"}
    info = bag.info
    for key in (
        "Source-Organization",
        "External-Identifier",
        "Bagging-Date",
        "Ggzy-Retention-Until",
        "Ggzy-Audit-Root",
    ):
        assert info[key]
    assert info["External-Identifier"] == failed_section.code
    finished = archive.finished_at.date()
    assert dt.date.fromisoformat(info["Ggzy-Retention-Until"]) >= finished.replace(year=finished.year + 15)
    assert (
        info["Ggzy-Audit-Root"] == audit_seal.latest_seal().merkle_root or len(info["Ggzy-Audit-Root"]) == 64
    )
    names = set(bag.payload_files())
    bids = [n for n in names if n.startswith("data/bids/")]
    assert {n.rsplit("/", 1)[1] for n in bids} == {
        "envelope.jwe",
        "manifest.jws",
        "receipt.jws",
        "opening-record.json",
    }
    assert "data/audit/records.jsonl" in names and "data/audit/seals.json" in names
    assert any(n.startswith("data/notices/") for n in names)
    for name in names:  # never a content key or a private key
        text = (bag_path(archive) / name).read_bytes()
        assert b'"cek"' not in text and b"PRIVATE KEY" not in text and b'"d":' not in text


def test_the_bag_waits_until_the_audit_records_are_sealed(failed_section):
    """Finding: Ggzy-Audit-Root must be a seal covering the records: no bag before the seal exists."""
    assert archive_build_due() == 0
    assert not Archive.objects.exists()
    assert not conf.archive_root().exists() or not any(conf.archive_root().iterdir())
    audit_seal.seal_due(force=True)
    assert archive_build_due() == 1
    assert archive_build_due() == 0  # once per trade


def test_audit_records_verify_against_the_seals_in_the_bag(archive):
    """Finding: data/audit must be verifiable with the audit hashing code alone (records → Merkle path → seal)."""
    folder = bag_path(archive) / "data" / "audit"
    records = [json.loads(line) for line in (folder / "records.jsonl").read_text().splitlines()]
    sealed = json.loads((folder / "seals.json").read_text())
    assert records
    seals = {s["seq"]: s for s in sealed["seals"]}
    for s in seals.values():
        assert seal_hash(s) == s["seal_hash"]
    for r in records:
        assert payload_digest_of_stored(r["payload"]) == r["payload_digest"]
        assert (
            record_hash(
                r["action"],
                r["actor_id"],
                r["actor_username"],
                r["at"],
                r["channel"],
                r["entity_uscc"],
                r["ip"],
                r["payload_digest"],
                r["role"],
                r["target_id"],
                r["target_type"],
            )
            == r["record_hash"]
        )
        proof = sealed["proofs"][str(r["id"])]
        node = leaf(r["id"], r["record_hash"])
        for side, sibling in proof["path"]:
            pair = bytes.fromhex(sibling) + node if side == "L" else node + bytes.fromhex(sibling)
            node = hashlib.sha256(b"\x01" + pair).digest()
        assert node.hex() == seals[proof["seal"]]["merkle_root"]
    latest = max(seals.values(), key=lambda s: s["seq"])
    assert archive.audit_root == latest["merkle_root"]
    assert bagit.Bag(str(bag_path(archive))).info["Ggzy-Audit-Root"] == latest["merkle_root"]


def test_list_json_prints_exactly_the_spec_keys(archive, capsys):
    """Spec: ``ggzy archives list --json`` → [{"id","ref","createdAt","retentionUntil","path","holds"}]."""
    call_command("archives", "list", "--json")
    rows = json.loads(capsys.readouterr().out)
    assert [set(r) for r in rows] == [{"id", "ref", "createdAt", "retentionUntil", "path", "holds"}]
    assert rows[0]["id"] == archive.pk and rows[0]["holds"] == []
    assert Path(rows[0]["path"]).is_dir()


def test_export_writes_a_copy_that_bagit_validates(archive, tmp_path, capsys):
    """Spec: ``ggzy archives export ID --out DIR`` → a copy of the bag in DIR, valid by bagit."""
    call_command("archives", "export", str(archive.pk), "--out", str(tmp_path / "out"))
    copy = Path(capsys.readouterr().out.strip())
    assert copy.parent == tmp_path / "out"
    bagit.Bag(str(copy)).validate()


def test_later_facts_go_into_a_new_linked_bag_and_the_first_is_unchanged(archive, failed_section):
    """Finding: a bag is never changed; a later fact (here a witness record) makes a new bag linked to it."""
    before = {p: p.read_bytes() for p in bag_path(archive).rglob("*") if p.is_file()}
    register_payload_contributor(
        lambda kind, ref: {"witness/later.json": b"{}"} if ref == "LATER-ONLY" else {}
    )
    source = provider_for("section").source(failed_section.code)
    second = archive_build(source=source, previous=archive)
    assert second is not None and second.previous == archive and second.path != archive.path
    assert bagit.Bag(str(bag_path(second))).info["Ggzy-Previous-Bag"] == archive.path
    assert {p: p.read_bytes() for p in bag_path(archive).rglob("*") if p.is_file()} == before
