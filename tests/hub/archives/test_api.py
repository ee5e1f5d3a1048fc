"""JSON API of the archives (/api/v1/archives): the same readers as the pages, the keepers' actions through the
same services, refusals as {code, message, details}."""

from __future__ import annotations

import datetime as dt

import pytest

from ggzy.hub.archives.models import Archive, DisposalRequest, LegalHold
from ggzy.parties.roles import Role
from tests.trading.tendering.conftest import make_entity, make_user

pytestmark = pytest.mark.django_db

SH = dt.timezone(dt.timedelta(hours=8))
SPEC_KEYS = {"id", "ref", "createdAt", "retentionUntil", "path", "holds"}


@pytest.mark.parametrize("who", ["operator", "regulator", "buyer"])
def test_allowed_readers_list_and_read_an_archive(archive, parties, client_for, who):
    """Finding: the archives had pages and a CLI but no JSON API; the list has the spec's keys."""
    client = client_for(parties[who])
    listing = client.get("/api/v1/archives")
    assert listing.status_code == 200
    items = listing.json()["items"]
    assert [i["ref"] for i in items] == [archive.ref]
    assert set(items[0]) >= SPEC_KEYS
    assert items[0]["retentionUntil"] == archive.retention_until.isoformat() and items[0]["holds"] == []
    detail = client.get(f"/api/v1/archives/{archive.pk}")
    assert detail.status_code == 200
    body = detail.json()
    assert body["id"] == archive.pk and body["status"] == "stored" and body["statusLabel"] == "保存中"
    assert body["downloadUrl"] == f"/archives/{archive.pk}/download/"


@pytest.mark.parametrize("who", ["bidder", "other_buyer", "other_regulator", "expert"])
def test_others_see_nothing_and_get_404(archive, parties, client_for, who):
    """Negative: an archive's existence is not disclosed to anyone else on the API either."""
    users = {
        "bidder": parties["bidders"][0],
        "other_buyer": parties["other_buyer"],
        "other_regulator": make_user("reg2", Role.REGULATOR, make_entity("另一监管部门")),
        "expert": make_user("exp", Role.EXPERT, None),
    }
    client = client_for(users[who])
    assert client.get("/api/v1/archives").json()["items"] == []
    response = client.get(f"/api/v1/archives/{archive.pk}")
    assert response.status_code == 404 and response.json()["code"] == "archive_not_found"


def test_anonymous_is_refused(archive, client_for):
    """Negative: no archive for anonymous callers."""
    assert client_for().get("/api/v1/archives").status_code == 401
    assert client_for().post(f"/api/v1/archives/{archive.pk}/holds", {"reason": "x"}).status_code == 401


def test_operator_places_and_lifts_a_hold(archive, parties, client_for):
    """Finding: holds could only be set on the page; the API uses the same service and audit."""
    client = client_for(parties["operator"])
    placed = client.post(
        f"/api/v1/archives/{archive.pk}/holds", {"reason": "诉讼保全"}, content_type="application/json"
    )
    assert placed.status_code == 201
    hold_id = placed.json()["id"]
    listed = client.get("/api/v1/archives").json()["items"][0]["holds"]
    assert [h["id"] for h in listed] == [hold_id] and listed[0]["reason"] == "诉讼保全"
    lifted = client.post(
        f"/api/v1/archives/{archive.pk}/holds/{hold_id}/lift",
        {"reason": "诉讼终结"},
        content_type="application/json",
    )
    assert lifted.status_code == 200 and lifted.json()["liftedAt"]
    again = client.post(
        f"/api/v1/archives/{archive.pk}/holds/{hold_id}/lift",
        {"reason": "再次"},
        content_type="application/json",
    )
    assert again.status_code == 409 and again.json()["code"] == "hold_not_active"


def test_blank_reason_is_refused_and_nothing_written(archive, parties, client_for):
    """Negative: a hold needs a reason (the page's form and the API share the service's check)."""
    response = client_for(parties["operator"]).post(
        f"/api/v1/archives/{archive.pk}/holds", {"reason": "   "}, content_type="application/json"
    )
    assert response.status_code == 422 and response.json()["code"] == "reason_required"
    assert not LegalHold.objects.exists()


@pytest.mark.parametrize("who", ["buyer", "regulator"])
def test_readers_who_are_not_keepers_may_not_act(archive, parties, client_for, who):
    """Negative: the buyer and the regulator read the archive but may not place holds or ask for disposal."""
    client = client_for(parties[who])
    for url in (f"/api/v1/archives/{archive.pk}/holds", f"/api/v1/archives/{archive.pk}/disposal"):
        response = client.post(url, {"reason": "x"}, content_type="application/json")
        assert response.status_code == 403 and response.json()["code"]
    assert not LegalHold.objects.exists() and not DisposalRequest.objects.exists()


def test_disposal_needs_two_people_after_retention(archive, parties, client_for, clock_at):
    """Finding: disposal on the API — refused during retention, the requester cannot approve, another can."""
    first = client_for(parties["operator"])
    url = f"/api/v1/archives/{archive.pk}/disposal"
    early = first.post(url, {"reason": "到期"}, content_type="application/json")
    assert early.status_code == 409 and early.json()["code"] == "archive_retention_running"
    clock_at(dt.datetime.combine(archive.retention_until, dt.time(10), tzinfo=SH))
    first = client_for(parties["operator"])  # a new session: the earlier one has expired meanwhile
    assert first.post(url, {"reason": "保存期满"}, content_type="application/json").status_code == 201
    same = first.post(f"{url}/approve")
    assert same.status_code == 403 and same.json()["code"] == "disposal_same_person"
    second = client_for(make_user("operator2", Role.OPERATOR, None))
    approved = second.post(f"{url}/approve")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert Archive.objects.get(pk=archive.pk).status == "disposed"
