from __future__ import annotations

import datetime as dt

import pytest

from ggzy.core import audit_seal
from ggzy.hub.archives.models import Archive
from ggzy.hub.archives.services import archive_build_due
from ggzy.trading.tendering.tasks import due_sections
from tests.trading.tendering.conftest import (  # noqa: F401 - fixtures
    DEADLINE,
    catalogue,
    client_for,
    clock_at,
    draft,
    parties,
    published,
)
from tests.trading.tendering.test_opening import submit_bids


@pytest.fixture(autouse=True)
def archive_root(settings, tmp_path):
    settings.GGZY_ARCHIVE_ROOT = tmp_path / "archives"
    return settings.GGZY_ARCHIVE_ROOT


@pytest.fixture
def failed_section(published, parties, clock_at):  # noqa: F811 - the fixtures imported above
    """Two bids, fewer than the legal minimum: the section fails (流标) at the deadline, bids unopened."""
    section = published.sections.get()
    submit_bids(section, parties["bidders"][:2], ["11500000.00", "11200000.00"])
    clock_at(DEADLINE + dt.timedelta(minutes=1))
    due_sections()
    section.refresh_from_db()
    assert section.status == "failed"
    return section


@pytest.fixture
def archive(failed_section) -> Archive:
    audit_seal.seal_due(force=True)
    assert archive_build_due() == 1
    return Archive.objects.get(ref=failed_section.code)
