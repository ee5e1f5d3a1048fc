"""Committee fixtures built through the real services (pool registration, committee formation)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from ggzy.core.codes import id_check_digit, make_uscc
from ggzy.parties.models import Entity, User
from ggzy.parties.roles import Role
from tests.factories import EntityFactory, UserFactory

T0 = dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.UTC)
_seq = itertools.count(1)


def uscc(n: int) -> str:
    return make_uscc(f"91310000{n:09d}")


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(T0, tick=False)
    return time_machine


@pytest.fixture
def make_user(db):
    def make(role: str, entity: Entity | None = None) -> User:
        n = next(_seq)
        return UserFactory(
            username=f"ev-{role}-{n}",
            password="pw-not-used-123",
            role=role,
            entity=entity,
            display_name=f"{role}{n}",
        )

    return make


@pytest.fixture
def parties(db, make_user):
    agency = EntityFactory(uscc=uscc(2), name="代理", status=Entity.Status.VERIFIED)
    buyer = EntityFactory(uscc=uscc(1), name="采购人", status=Entity.Status.VERIFIED)
    other = EntityFactory(uscc=uscc(3), name="其他代理", status=Entity.Status.VERIFIED)
    regulator = EntityFactory(
        uscc=uscc(5), name="监管", kind=Entity.Kind.GOVERNMENT, status=Entity.Status.VERIFIED
    )
    return {
        "agency": agency,
        "buyer": buyer,
        "agency_user": make_user(Role.AGENCY, agency),
        "buyer_user": make_user(Role.BUYER, buyer),
        "other_agency_user": make_user(Role.AGENCY, other),
        "operator": make_user(Role.OPERATOR),
        "regulator_user": make_user(Role.REGULATOR, regulator),
        "bidder_user": make_user(Role.BIDDER),
    }


@pytest.fixture
def make_experts(db, make_user):
    from ggzy.hub.experts import services

    def make(n: int) -> list:
        operator = make_user(Role.OPERATOR)
        out = []
        for _ in range(n):
            k = next(_seq)
            body = f"31011519750203{k % 1000:03d}"
            user = make_user(Role.EXPERT)
            e = services.expert_register(
                actor=user,
                name=f"评委{k}",
                id_number=body + id_check_digit(body),
                phone="",
                region="静安区",
                title="教授",
                specialties=["B0201"],
                employments=[
                    {"employerUscc": uscc(800 + k), "employerName": "大学", "startedOn": "2000-01-01"}
                ],
            )
            out.append(services.expert_vet(actor=operator, expert=e, approve=True))
        return out

    return make


TEMPLATE = [
    {"code": "P", "name": "价格", "kind": "price", "weight": "0.30", "maxPoints": "100"},
    {"code": "T", "name": "技术方案", "kind": "technical", "weight": "0.50", "maxPoints": "100"},
    {"code": "C", "name": "商务条款", "kind": "commercial", "weight": "0.20", "maxPoints": "100"},
]
BIDS = [
    {"bidderUscc": uscc(21), "bidderName": "甲公司", "price": "950000"},
    {"bidderUscc": uscc(22), "bidderName": "乙公司", "price": "1000000"},
    {"bidderUscc": uscc(23), "bidderName": "丙公司", "price": "1100000"},
]


@pytest.fixture
def finished_draw(parties, make_experts, clock):
    """A finished draw of ``section`` (条例46: committees are seated only from one): ``n`` experts accepted,
    two more in the pool for replacements."""
    from ggzy.core.audit_seal import seal_due
    from ggzy.hub.experts import services as expert_services
    from ggzy.hub.experts.models import Invitation

    made: dict[str, object] = {}

    def make(*, section: str = "SH-EV-01", n: int = 4, bids=None):
        if section in made:  # one draw per section; a refused formation may be retried with it
            return made[section]
        make_experts(n + 2)
        draw = expert_services.draw_request(
            actor=parties["agency_user"],
            section_ref=section,
            buyer_uscc=parties["buyer"].uscc,
            agency_uscc=parties["agency"].uscc,
            bidder_usccs=[b["bidderUscc"] for b in (bids or BIDS)],
            regulator_usccs=[],
            evaluation_at=T0 + dt.timedelta(hours=12),
            lines=[{"specialty": "B02", "count": n}],
        )
        clock.shift(dt.timedelta(seconds=5))
        seal_due(force=True)
        expert_services.draws_advance()
        for inv in Invitation.objects.filter(line__draw=draw, outcome="pending").select_related(
            "expert__user"
        ):
            expert_services.invitation_respond(actor=inv.expert.user, invitation=inv, accept=True)
        draw.refresh_from_db()
        made[section] = draw
        return draw

    return make


def redrawn_expert(committee):
    """After a replacement the draw invites the next expert of its seeded order (条例48); they accept."""
    from ggzy.hub.experts import services as expert_services
    from ggzy.hub.experts.models import Invitation

    inv = Invitation.objects.select_related("expert__user").get(
        line__draw_id=committee.draw_id, outcome="pending"
    )
    expert_services.invitation_respond(actor=inv.expert.user, invitation=inv, accept=True)
    return inv.expert


@pytest.fixture
def form(parties, finished_draw, make_user):
    from ggzy.trading.evaluation import services

    def make(
        *,
        n_experts=4,
        n_reps=1,
        method="comprehensive",
        procurement="goods",
        budget="2000000",
        items=None,
        bids=None,
        section="SH-EV-01",
        **kw,
    ):
        draw = kw.pop("draw") if "draw" in kw else finished_draw(section=section, n=n_experts)
        reps = [make_user(Role.BUYER, parties["buyer"]) for _ in range(n_reps)]
        return services.committee_form(
            actor=kw.pop("actor", parties["agency_user"]),
            section_ref=section,
            procurement=procurement,
            budget=budget,
            method=method,
            starts_at=T0,
            buyer_uscc=parties["buyer"].uscc,
            agency_uscc=parties["agency"].uscc,
            buyer_reps=reps,
            draw=draw,
            items=TEMPLATE if items is None else items,
            bids=BIDS if bids is None else bids,
            **kw,
        )

    return make


@pytest.fixture
def seated(form, clock):
    """A committee whose members all signed the statement and elected the first expert chair."""
    from ggzy.trading.evaluation import services

    def make(**kw):
        committee = form(**kw)
        members = list(committee.members.order_by("id"))
        for m in members:
            services.member_enter(actor=m.user, committee=committee)
        for m in members:
            if services.chair_vote(actor=m.user, committee=committee, candidate=members[0]):
                break  # elected by a majority
        committee.refresh_from_db()
        return committee, members

    return make
