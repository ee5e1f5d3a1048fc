"""Templates ask the predicates the services enforce (tendering/evaluation ``rules.py``) instead of testing
status strings, and name URLs instead of writing literal paths (the scan of every template:
``tests/core/test_templates_rules.py``)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ggzy.trading.tendering import rules

from .conftest import DEADLINE, START
from .test_opening import submit_bids


@pytest.mark.django_db
def test_the_bid_page_and_the_service_share_the_bidding_window(published, parties, client_for, clock_at):
    """Before the deadline the page offers withdrawal (and the service accepts); at the deadline the
    predicate is false and the page offers nothing."""
    clock_at(START)
    section = published.sections.get()
    user = parties["bidders"][0]
    submit_bids(section, [user], ["1000000.00"])
    page = client_for(user).get(reverse("tendering:bid", args=[section.pk])).content.decode()
    assert rules.bidding_open(section, status=section.status, now=START)
    assert reverse("tendering:withdraw", args=[section.bids.get().pk]) in page
    assert reverse("api:bid_submit", kwargs={"section_id": section.pk}) in page
    clock_at(DEADLINE)
    assert not rules.bidding_open(section, status=section.status, now=DEADLINE)
    page = client_for(user).get(reverse("tendering:bid", args=[section.pk])).content.decode()
    assert reverse("tendering:withdraw", args=[section.bids.get().pk]) not in page


def test_the_error_page_links_home_by_name(client, settings):
    """The branded error pages name the home route; 404 renders it."""
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and f'href="{reverse("portal:home")}"' in response.content.decode()
