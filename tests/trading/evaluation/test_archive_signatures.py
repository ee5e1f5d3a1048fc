"""The signed evaluation report goes into the section's archive bag (spec archives-and-sso §1 "the evaluation
report with its signatures"), through the payload contributor evaluation registers at start-up."""

from __future__ import annotations

import datetime as dt
import json

import bagit
import pytest

from ggzy.core import audit_seal, clock
from ggzy.hub.archives import conf
from ggzy.hub.archives.services import archive_build
from ggzy.hub.archives.sources import ArchiveSource, contributed_files
from ggzy.trading.evaluation import services

from .test_scoring import score_all

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def archive_root(settings, tmp_path):
    settings.GGZY_ARCHIVE_ROOT = tmp_path / "archives"


def _source(ref: str) -> ArchiveSource:
    return ArchiveSource(
        kind="section",
        ref=ref,
        title="示范标段",
        outcome="已签订合同",
        finished_at=clock.now() - dt.timedelta(days=1),
        catalogue_code="ZC01",
        buyer_uscc="",
        agency_uscc="",
        regulator_usccs=(),
        files={"section.json": b"{}"},
    )


def test_signed_report_with_every_signature_is_in_the_bag(seated):
    """Finding: the bag held the accepted report but not the members' signatures; now
    data/evaluation/signatures.json lists each member's signature (digest, time, dissent) and the bag validates."""
    committee, members = seated()
    score_all(committee, members)
    services.report_prepare(actor=members[0].user, committee=committee)
    for m in members[:-1]:
        services.report_sign(actor=m.user, committee=committee)
    assert contributed_files("section", committee.section_ref).get("evaluation/signatures.json") is None
    services.report_sign(actor=members[-1].user, committee=committee, dissent="对丙公司技术分有保留意见")
    audit_seal.seal_due(force=True)
    archive = archive_build(source=_source(committee.section_ref))
    assert archive is not None
    bag = bagit.Bag(str(conf.archive_root() / archive.path))
    bag.validate()
    content = json.loads((conf.archive_root() / archive.path / "data/evaluation/signatures.json").read_text())
    committee.refresh_from_db()
    assert content["contentDigest"] == committee.report.content_digest
    assert len(content["signatures"]) == len(members)
    assert all(s["matchesReport"] for s in content["signatures"])
    assert {s["member"]["name"] for s in content["signatures"]} == {
        m.user.display_name or m.user.username for m in members
    }
    assert [s["dissent"] for s in content["signatures"]][-1] == "对丙公司技术分有保留意见"
    assert len(content["candidates"]) <= 3


def test_other_kinds_and_unknown_sections_get_no_signature_file(seated):
    """Finding guard: a listing or a section without a committee gets no evaluation file."""
    assert contributed_files("listing", "SH-EV-01") == {}
    assert "evaluation/signatures.json" not in contributed_files("section", "NO-SUCH-SECTION")
