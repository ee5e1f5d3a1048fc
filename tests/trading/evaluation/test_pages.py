"""The member's workflow through the HTML pages, and read-only/negative views per role."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from ggzy.trading.evaluation.models import Committee, Score

from .conftest import T0

pytestmark = pytest.mark.django_db

POINTS = {"甲公司": ("80", "70"), "乙公司": ("90", "80"), "丙公司": ("95", "85")}


def client_for(user) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def test_full_flow_through_pages(form, clock, parties):
    committee = form()
    url = f"/evaluation/{committee.pk}/"
    members = list(committee.members.order_by("id"))
    names = [m.user.display_name for m in members]
    clock.move_to(T0 - dt.timedelta(minutes=5), tick=False)
    body = client_for(parties["agency_user"]).get(url).content.decode()
    assert not [n for n in names if n in body]  # identities sealed before the start
    clock.move_to(T0, tick=False)
    for m in members:
        c = client_for(m.user)
        assert 'id="statement"' in c.get(url).content.decode()
        c.post(f"{url}enter/")
    for m in members[:3]:
        client_for(m.user).post(f"{url}vote/", {"candidate": members[0].pk})
    committee.refresh_from_db()
    assert committee.status == Committee.Status.SCORING
    bids = {b.bidder_name: b.pk for b in committee.bids.all()}
    form_data = {}
    for name, (t, cm) in POINTS.items():
        form_data[f"s-{bids[name]}-T"], form_data[f"s-{bids[name]}-C"] = t, cm
    bad = dict(form_data, **{f"s-{bids['甲公司']}-T": "101"})
    resp = client_for(members[0].user).post(f"{url}scores/", bad)
    assert resp.status_code == 302 and not Score.objects.exists()
    client_for(members[0].user).post(f"{url}scores/", form_data)
    page = client_for(members[1].user).get(url).content.decode()
    assert 'id="score-form"' in page and "评分明细" not in page  # member 0's scores hidden from member 1
    for m in members[1:]:
        client_for(m.user).post(f"{url}scores/", form_data)
    client_for(members[0].user).post(f"{url}report/")
    assert client_for(parties["regulator_user"]).get(url).status_code == 404  # not yet after the fact
    for m in members:
        client_for(m.user).post(f"{url}sign/")
    committee.refresh_from_db()
    assert committee.status in (Committee.Status.SIGNED, Committee.Status.HANDED_OVER)
    page = client_for(parties["regulator_user"]).get(url).content.decode()
    assert "丙公司" in page and 'id="score-form"' not in page


def test_outsiders_refused(form, clock, parties):
    committee = form()
    url = f"/evaluation/{committee.pk}/"
    assert client_for(parties["bidder_user"]).get(url).status_code == 404
    assert client_for(parties["other_agency_user"]).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302
    resp = client_for(parties["agency_user"]).post(f"{url}enter/")
    assert resp.status_code == 403
    assert not committee.members.filter(statement_signed_at__isnull=False).exists()
