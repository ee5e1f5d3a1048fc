"""The archive pages: operators, admins, the category's regulator and the section's buyer/agency; others 404."""

from __future__ import annotations

import io
import zipfile

import pytest

from ggzy.hub.archives.models import LegalHold
from ggzy.parties.roles import Role
from tests.trading.tendering.conftest import make_entity, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["operator", "regulator", "buyer"])  # the fixture tender has no agency
def test_allowed_readers_see_the_list_detail_and_download(archive, parties, client_for, who):
    client = client_for(parties[who])
    listing = client.get("/archives/")
    assert listing.status_code == 200 and archive.ref in listing.content.decode()
    assert client.get(f"/archives/{archive.pk}/").status_code == 200
    download = client.get(f"/archives/{archive.pk}/download/")
    assert download.status_code == 200
    bundle = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert f"{archive.path}/bagit.txt" in bundle.namelist()
    assert f"{archive.path}/manifest-sha256.txt" in bundle.namelist()


@pytest.mark.parametrize("who", ["bidder", "other_buyer", "other_regulator", "expert"])
def test_others_get_404(archive, parties, client_for, who):
    """Negative: an archive's existence is not disclosed to anyone else."""
    users = {
        "bidder": parties["bidders"][0],
        "other_buyer": parties["other_buyer"],
        "other_regulator": make_user("reg2", Role.REGULATOR, make_entity("另一监管部门")),
        "expert": make_user("exp", Role.EXPERT, None),
    }
    client = client_for(users[who])
    assert archive.ref not in client.get("/archives/").content.decode()
    assert client.get(f"/archives/{archive.pk}/").status_code == 404
    assert client.get(f"/archives/{archive.pk}/download/").status_code == 404
    assert client.post(f"/archives/{archive.pk}/hold/", {"reason": "x"}).status_code in (403, 404)
    assert not LegalHold.objects.exists()


def test_operator_places_a_hold_from_the_page(archive, parties, client_for):
    client = client_for(parties["operator"])
    response = client.post(f"/archives/{archive.pk}/hold/", {"reason": "诉讼保全"})
    assert response.status_code == 302
    assert LegalHold.objects.get().reason == "诉讼保全"
    assert "诉讼保全" in client.get(f"/archives/{archive.pk}/").content.decode()


def test_download_writes_nothing(archive, parties, client_for):
    """A GET has no side effects: no audit record, the bag's files unchanged."""
    from ggzy.core.models import AuditRecord

    before = AuditRecord.objects.count()
    client_for(parties["buyer"]).get(f"/archives/{archive.pk}/download/")
    assert AuditRecord.objects.count() == before


def test_detail_labels_are_chinese(archive, parties, client_for):
    """Finding (390/1366 px review): the detail page showed the bare English term "Payload-Oxum" as a label."""
    text = client_for(parties["operator"]).get(f"/archives/{archive.pk}/").content.decode()
    assert "<dt>Payload-Oxum</dt>" not in text and "载荷字节数.文件数" in text
