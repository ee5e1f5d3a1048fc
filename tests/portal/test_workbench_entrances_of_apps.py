"""Apps add their entrances to the role workbench; each role sees only its own."""

from __future__ import annotations

import pytest

from ggzy.parties.models import User

pytestmark = pytest.mark.django_db


def workbench_html(client, username: str) -> str:
    client.force_login(User.objects.get(username=username))
    response = client.get("/workbench/")
    assert response.status_code == 200
    return response.content.decode()


def test_regulator_workbench_links_the_supervision_pages(client, demo):
    html = workbench_html(client, "regulator1")
    for url in (
        "/supervision/alerts/",
        "/supervision/statistics/",
        "/supervision/exchange/quality/",
        "/draws/",
    ):
        assert f'href="{url}"' in html


def test_expert_workbench_links_invitations_and_scoring(client, demo):
    html = workbench_html(client, "expert1")
    assert 'href="/experts/invitations/"' in html
    assert 'href="/evaluation/"' in html


def test_bidder_workbench_has_no_supervision_or_expert_pool_entrances(client, demo):
    html = workbench_html(client, "bidder1")
    assert "/supervision/alerts/" not in html
    assert "/operator/experts/" not in html
