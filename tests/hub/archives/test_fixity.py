"""``ggzy archives fixity`` and the worker's scheduled checks name each changed, missing or added file."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from ggzy.hub.archives import conf
from ggzy.hub.archives.models import FixityCheck
from ggzy.hub.archives.services import archive_fixity_due
from tests.factories import UserFactory
from tests.helpers import client_for as login

pytestmark = pytest.mark.django_db


def fixity(*ids):
    try:
        call_command("archives", "fixity", *map(str, ids))
    except SystemExit as exit_:
        return exit_.code
    return 0


def test_fixity_holds_for_an_untouched_bag(archive, capsys):
    """Spec: exit 0 when all hold."""
    assert fixity(archive.pk) == 0
    assert "完好" in capsys.readouterr().out


def test_fixity_names_a_changed_a_missing_and_an_added_payload_file(archive, capsys):
    """Spec: exit 1, naming each changed, missing or added file."""
    data = conf.archive_root() / archive.path / "data"
    bids = sorted((data / "bids").iterdir())
    changed = bids[0] / "receipt.jws"
    changed.write_bytes(changed.read_bytes() + b" ")
    missing = bids[1] / "manifest.jws"
    missing.unlink()
    (data / "bids" / "extra.txt").write_bytes(b"slipped in")
    assert fixity(archive.pk) == 1
    err = capsys.readouterr().err
    rel = lambda p: p.relative_to(conf.archive_root() / archive.path).as_posix()  # noqa: E731
    assert f"[changed] {rel(changed)}" in err
    assert f"[missing] {rel(missing)}" in err
    assert "[added] data/bids/extra.txt" in err
    check = FixityCheck.objects.get(archive=archive)
    assert not check.ok and {p["kind"] for p in check.problems} == {"changed", "missing", "added"}


def test_a_rewritten_manifest_line_is_still_caught(archive, capsys):
    """Finding: rewriting a file *and* its manifest line must not pass (digest of the manifest kept in the row)."""
    bag = conf.archive_root() / archive.path
    target = next((bag / "data" / "bids").iterdir()) / "receipt.jws"
    old = target.read_bytes()
    target.write_bytes(b"forged")
    import hashlib

    manifest = bag / "manifest-sha256.txt"
    manifest.write_text(
        manifest.read_text().replace(hashlib.sha256(old).hexdigest(), hashlib.sha256(b"forged").hexdigest())
    )
    assert fixity(archive.pk) == 1
    assert "[changed] manifest-sha256.txt" in capsys.readouterr().err


def test_worker_checks_on_schedule_and_a_failure_is_shown_to_operators_only(archive, clock_at, archive_root):
    """Finding: scheduled fixity with results on the operator's page and an alert (workbench) on failure."""
    assert archive_fixity_due() == 0  # not due yet
    (conf.archive_root() / archive.path / "data" / "audit" / "records.jsonl").unlink()
    clock_at(archive.next_fixity_at + dt.timedelta(minutes=1))
    assert archive_fixity_due() == 1
    assert archive_fixity_due() == 0
    operator = UserFactory(role="operator")
    page = login(operator).get("/operator/archives/fixity/")
    assert page.status_code == 200
    assert "data/audit/records.jsonl" in page.content.decode()
    workbench = login(operator).get("/workbench/")
    assert "1 个档案包完整性校验失败" in workbench.content.decode()
    bidder = UserFactory(role="bidder")
    assert login(bidder).get("/operator/archives/fixity/").status_code == 403
