"""``ggzy seed-demo`` leaves an archive for every finished demo trade (spec archives-and-sso §1), idempotently."""

from __future__ import annotations

import io
import json
from pathlib import Path

import bagit
import pytest
from django.core.management import call_command

from ggzy.hub.archives.models import Archive
from ggzy.trading.tendering.archive_facts import FINISHED
from ggzy.trading.tendering.models import Section

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_seed_demo_archives_every_finished_demo_section_once():
    """Finding: no demo trade finished, so seed-demo left no archive to look at; now a terminated demo tender's
    section is archived, every finished section has a valid bag, and a second run builds none."""
    _run("seed_demo")
    finished = set(Section.objects.filter(status__in=FINISHED).values_list("code", flat=True))
    assert finished, "the demo has at least one finished section"
    listed = json.loads(_run("archives", "list", "--json"))
    assert {a["ref"] for a in listed} == finished
    for item in listed:
        assert set(item) >= {"id", "ref", "createdAt", "retentionUntil", "path", "holds"}
        bagit.Bag(str(Path(item["path"]))).validate()
    count = Archive.objects.count()
    second = _run("seed_demo")
    assert Archive.objects.count() == count
    assert "archives 0" in second and "tenders 0" in second
