"""Committee composition (法37, 87号令47), statements, chair election, replacement (条例48)."""

from __future__ import annotations

import pytest

from ggzy.core.exceptions import Conflict, Forbidden, InvalidInput
from ggzy.trading.evaluation import services
from ggzy.trading.evaluation.models import Committee, Member

pytestmark = pytest.mark.django_db


@pytest.mark.legal_rule("法37", "87号令47")
@pytest.mark.parametrize(
    "n_experts,n_reps,budget,ok",
    [
        (4, 1, "2000000", True),  # 5, experts 4/5 ≥ 2/3
        (3, 1, "2000000", False),  # 4 members
        (4, 2, "2000000", False),  # 6: even
        (4, 3, "2000000", False),  # 7 but experts 4/7 < 2/3
        (4, 1, "10000000", False),  # GP budget ≥ 1000万: ≥ 7
        (5, 2, "10000000", True),  # 7, experts 5/7 ≥ 2/3
        (5, 0, "9999999.99", True),
    ],
)
def test_composition_rules(form, n_experts, n_reps, budget, ok):
    if ok:
        assert form(n_experts=n_experts, n_reps=n_reps, budget=budget).members.count() == n_experts + n_reps
    else:
        with pytest.raises(InvalidInput) as exc:
            form(n_experts=n_experts, n_reps=n_reps, budget=budget)
        assert exc.value.code == "committee_composition"
        assert not Committee.objects.exists()


def test_engineering_big_budget_needs_only_five(form):
    assert form(procurement="engineering", budget="50000000").members.count() == 5


@pytest.mark.legal_rule("87号令55")
def test_template_rules(form):
    from .conftest import TEMPLATE

    low = [dict(TEMPLATE[0], weight="0.20"), dict(TEMPLATE[1], weight="0.60"), TEMPLATE[2]]
    with pytest.raises(InvalidInput) as exc:
        form(items=low)
    assert exc.value.code == "price_weight_too_low"
    with pytest.raises(InvalidInput) as exc:
        form(items=[TEMPLATE[0], TEMPLATE[1]])
    assert exc.value.code == "weights_not_one"
    with pytest.raises(InvalidInput) as exc:
        form(items=TEMPLATE[1:], procurement="engineering")
    assert exc.value.code == "price_item_required"


def test_fewer_than_three_bids_no_evaluation(form):
    from .conftest import BIDS

    with pytest.raises(Conflict) as exc:
        form(bids=BIDS[:2])
    assert exc.value.code == "too_few_bids"


def test_only_the_projects_agency_forms(form, parties):
    for who in ("other_agency_user", "buyer_user", "operator"):
        with pytest.raises(Forbidden):
            form(actor=parties[who])
    assert not Committee.objects.exists()


def test_statement_required_before_voting_and_chair_needs_majority(form, clock):
    committee = form()
    m = list(committee.members.order_by("id"))
    with pytest.raises(Conflict) as exc:
        services.chair_vote(actor=m[0].user, committee=committee, candidate=m[0])
    assert exc.value.code == "avoidance_statement_required"
    for x in m:
        services.member_enter(actor=x.user, committee=committee)
    assert services.chair_vote(actor=m[0].user, committee=committee, candidate=m[1]) is None
    assert services.chair_vote(actor=m[1].user, committee=committee, candidate=m[1]) is None
    chair = services.chair_vote(actor=m[2].user, committee=committee, candidate=m[1])
    assert chair.is_chair
    committee.refresh_from_db()
    assert committee.status == Committee.Status.SCORING


def test_entry_before_start_refused(form, clock):
    import datetime as dt

    committee = form()
    clock.move_to(committee.starts_at - dt.timedelta(minutes=1), tick=False)
    with pytest.raises(Conflict) as exc:
        services.member_enter(actor=committee.members.first().user, committee=committee)
    assert exc.value.code == "evaluation_not_started"


def test_conflict_declared_on_entry_replaces_member(form, clock, parties):
    from .conftest import redrawn_expert

    committee = form()
    member = committee.members.filter(kind="expert").first()
    services.member_enter(actor=member.user, committee=committee, conflict="曾在甲公司任职")
    member.refresh_from_db()
    assert member.status == Member.Status.REPLACED
    with pytest.raises(Forbidden) as exc:
        services.score_submit(actor=member.user, committee=committee, scores={})
    assert exc.value.code == "member_replaced"
    new = services.member_add(
        actor=parties["agency_user"], committee=committee, replaces=member, expert=redrawn_expert(committee)
    )
    assert new.replaces_id == member.pk and new.status == Member.Status.ACTIVE
