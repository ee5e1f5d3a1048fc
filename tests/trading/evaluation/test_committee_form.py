"""The committee page is a Django form mirroring ``CommitteeIn``: scoring items (``ItemIn``: code, name, kind
from ``ScoringItem.Kind``, weight, maxPoints) and typed-in bids (``CommitteeBidIn``) are repeatable rows,
never comma lines in a textarea; the choices come from the models."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ggzy.trading.evaluation.models import Committee, ScoringItem
from tests.helpers import client_for

from .conftest import BIDS, T0

pytestmark = pytest.mark.django_db

NEW = reverse("evaluation:form")
ITEMS = [
    ("P", "价格", "price", "0.30"),
    ("T", "技术", "technical", "0.50"),
    ("C", "商务", "commercial", "0.20"),
]


@pytest.fixture
def finished_draw(clock, parties, make_experts):
    """A completed draw of section SH-FORM-1 for the agency: five experts accepted."""
    from ggzy.core.audit_seal import seal_due
    from ggzy.hub.experts import services as expert_services
    from ggzy.hub.experts.models import Invitation

    make_experts(5)
    draw = expert_services.draw_request(
        actor=parties["agency_user"],
        section_ref="SH-FORM-1",
        buyer_uscc=parties["buyer"].uscc,
        agency_uscc=parties["agency"].uscc,
        bidder_usccs=[b["bidderUscc"] for b in BIDS],
        evaluation_at=T0 + dt.timedelta(hours=20),
        lines=[{"specialty": "B0201", "count": 4}],
    )
    clock.shift(dt.timedelta(seconds=5))
    seal_due(force=True)
    expert_services.draws_advance()
    for inv in Invitation.objects.filter(line__draw=draw, outcome="pending").select_related("expert__user"):
        expert_services.invitation_respond(actor=inv.expert.user, invitation=inv, accept=True)
    return draw


def committee_post(draw, rep, *, items=ITEMS, bids=BIDS, **overrides) -> dict:
    data = {
        "draw_id": draw.draw_id,
        "procurement": "goods",
        "method": "comprehensive",
        "budget": "900000",
        "buyer_reps": rep.username,
        "items-TOTAL_FORMS": str(len(items)),
        "items-INITIAL_FORMS": "0",
        "bids-TOTAL_FORMS": str(len(bids)),
        "bids-INITIAL_FORMS": "0",
    }
    for n, (code, name, kind, weight) in enumerate(items):
        data.update(
            {
                f"items-{n}-code": code,
                f"items-{n}-name": name,
                f"items-{n}-kind": kind,
                f"items-{n}-weight": weight,
                f"items-{n}-max_points": "100",
            }
        )
    for n, bid in enumerate(bids):
        data.update(
            {
                f"bids-{n}-bidder_uscc": bid["bidderUscc"],
                f"bids-{n}-bidder_name": bid["bidderName"],
                f"bids-{n}-price": bid["price"],
            }
        )
    data.update(overrides)
    return data


@pytest.fixture
def rep(parties, make_user):
    from ggzy.parties.roles import Role

    return make_user(Role.BUYER, parties["buyer"])


def test_the_page_offers_the_usual_items_as_rows_and_the_models_choices(parties, finished_draw):
    """GET: the P/T/C template as three item rows; the kinds, procurement types and methods are the models'."""
    response = client_for(parties["agency_user"]).get(f"{NEW}?draw={finished_draw.draw_id}")
    assert response.status_code == 200
    items = response.context["items"]
    assert [f["code"].value() for f in items.forms] == ["P", "T", "C"]
    form = response.context["form"]
    assert form["draw_id"].value() == finished_draw.draw_id
    assert list(form.fields["procurement"].choices) == list(Committee.Procurement.choices)
    assert list(form.fields["method"].choices) == list(Committee.Method.choices)
    assert form["method"].value() == Committee.Method.COMPREHENSIVE  # the items below are for it
    assert list(items.forms[0].fields["kind"].choices) == list(ScoringItem.Kind.choices)
    assert 'name="items"' not in response.content.decode()


def test_item_and_bid_rows_seat_the_committee(parties, finished_draw, rep):
    """Three item rows and three bid rows → the committee with those items (in order) and bids."""
    response = client_for(parties["agency_user"]).post(NEW, committee_post(finished_draw, rep))
    committee = Committee.objects.get(section_ref="SH-FORM-1")
    assert response.status_code == 302 and response["Location"] == f"/evaluation/{committee.pk}/"
    assert list(committee.items.order_by("position").values_list("code", "kind")) == [
        ("P", "price"),
        ("T", "technical"),
        ("C", "commercial"),
    ]
    assert committee.bids.count() == 3 and committee.members.count() == 5


def test_an_unknown_kind_is_refused_on_its_row(parties, finished_draw, rep):
    """A category outside ``ScoringItem.Kind`` is an error on that row's 类别; nothing is created."""
    items = [*ITEMS[:2], ("C", "商务", "bribe", "0.20")]
    response = client_for(parties["agency_user"]).post(NEW, committee_post(finished_draw, rep, items=items))
    assert response.status_code == 422
    assert response.context["items"].forms[2].errors["kind"]
    assert not Committee.objects.exists()


def test_weights_not_summing_to_one_come_back_with_everything_typed(parties, finished_draw, rep):
    """The service's refusal (weights ≠ 1) is shown at the top; every row typed comes back."""
    items = [*ITEMS[:2], ("C", "商务条款甲", "commercial", "0.10")]
    response = client_for(parties["agency_user"]).post(NEW, committee_post(finished_draw, rep, items=items))
    assert response.status_code == 422
    assert response.context["form"].non_field_errors() == ["各评分项权重之和应为1"]
    body = response.content.decode()
    assert 'value="商务条款甲"' in body and 'value="0.10"' in body and 'value="甲公司"' in body
    assert not Committee.objects.exists()


def test_a_refused_item_row_carries_the_message(parties, finished_draw, rep):
    """A weight outside 0–1 is refused by the service naming the item (``{"item": 1}``): shown on row 2."""
    items = [ITEMS[0], ("T", "技术", "technical", "1.50"), ITEMS[2]]
    response = client_for(parties["agency_user"]).post(NEW, committee_post(finished_draw, rep, items=items))
    assert response.status_code == 422
    assert response.context["items"].forms[1].non_field_errors() == ["权重应在0～1之间，满分应大于0"]


def test_add_item_row(parties, finished_draw, rep):
    """ "增加评分项" re-renders with a fourth blank item row and seats nothing."""
    post = committee_post(finished_draw, rep, add_row="items")
    response = client_for(parties["agency_user"]).post(NEW, post)
    assert response.status_code == 200 and len(response.context["items"].forms) == 4
    assert not Committee.objects.exists()


def test_bidders_may_not_form_a_committee(parties, finished_draw, rep):
    """A bidder is refused (403) and nothing is created."""
    response = client_for(parties["bidder_user"]).post(NEW, committee_post(finished_draw, rep))
    assert response.status_code == 403 and not Committee.objects.exists()
