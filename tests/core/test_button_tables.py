"""One way to answer a page's button: each page's buttons are one table (``core.web.Button`` rows) answered
by one view per table (``core.web.button_view``) — no near-identical view function per button."""

from __future__ import annotations

import pytest
from django.urls import get_resolver, resolve, reverse

from ggzy.trading.evaluation import views as evaluation_views
from ggzy.trading.tendering import views_actions as tendering_actions

TABLES = {
    "tendering": (tendering_actions.tender_action, tendering_actions.TENDER_ACTIONS, {"tender_id": 1}),
    "tendering ": (tendering_actions.section_action, tendering_actions.SECTION_ACTIONS, {"section_id": 1}),
    "evaluation": (
        evaluation_views.committee_action,
        evaluation_views.COMMITTEE_ACTIONS,
        {"committee_id": 1},
    ),
}


def _routes(view):
    """The URL names routed to ``view`` in the URLconf (each with its ``action`` row)."""
    found = {}
    for namespace in ("tendering", "evaluation"):
        resolver = get_resolver().namespace_dict[namespace][1]
        for pattern in resolver.url_patterns:
            if getattr(pattern, "callback", None) is view:
                found[f"{namespace}:{pattern.name}"] = pattern.default_args["action"]
    return found


@pytest.mark.parametrize("table", TABLES.values(), ids=TABLES.keys())
def test_every_button_of_a_table_is_answered_by_its_one_view(table):
    """Every row has a URL, and every URL of a row resolves to the table's single view."""
    view, rows, _ = table
    routes = _routes(view)
    assert sorted(routes.values()) == sorted(rows)


def test_the_committee_buttons_share_one_view():
    """Statement, chair vote, scores, disqualification, report and signature: one view, chosen by the URL."""
    paths = [
        "/evaluation/1/enter/",
        "/evaluation/1/vote/",
        "/evaluation/1/scores/",
        "/evaluation/1/report/",
        "/evaluation/1/sign/",
        "/evaluation/1/bids/2/disqualify/",
    ]
    assert {resolve(p).func for p in paths} == {evaluation_views.committee_action}


def test_the_section_buttons_share_one_view():
    """Registration, re-tendering, both objections and the award: one view, chosen by the URL."""
    paths = [
        f"/trading/sections/1/{a}/"
        for a in ("register", "retender", "objection", "publicity-objection", "award")
    ]
    assert {resolve(p).func for p in paths} == {tendering_actions.section_action}


@pytest.mark.django_db
def test_a_get_of_a_button_address_is_refused_and_writes_nothing(client, django_assert_num_queries):
    """Writes never happen on GET: a button's address answers 405 before any database work."""
    for view, _, ids in TABLES.values():
        for name in _routes(view):
            url = reverse(name, kwargs={**ids, **({"bid_id": 2} if name.endswith("disqualify") else {})})
            with django_assert_num_queries(0):
                assert client.get(url).status_code == 405, name
