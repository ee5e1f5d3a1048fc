"""JSON API for electronic evaluation. Only translates HTTP ↔ services/selectors."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema

from ggzy.core.exceptions import NotFound
from ggzy.hub.experts.models import Draw, Expert
from ggzy.parties.auth import API_AUTH
from ggzy.parties.models import User
from ggzy.trading.tendering.models import Section

from . import selectors, services
from .models import Committee, Member

router = Router(tags=["evaluation"], auth=API_AUTH)


class ItemIn(Schema):
    code: str
    name: str
    kind: str
    weight: str
    maxPoints: str = "100"


class CommitteeBidIn(Schema):
    bidderUscc: str
    bidderName: str
    price: str


class CommitteeIn(Schema):
    sectionId: str
    procurement: str
    budget: str
    method: str
    startsAt: dt.datetime
    buyerUscc: str
    agencyUscc: str
    drawId: str | None = None  # required: experts come only from a finished draw (条例46)
    buyerRepUsernames: list[str]
    items: list[ItemIn] = []
    bids: list[CommitteeBidIn]
    deviationBound: str | None = None


class EnterIn(Schema):
    conflict: str = ""


class VoteIn(Schema):
    memberId: int


class ScoresIn(Schema):
    scores: dict[str, dict[str, str | float | int]]
    comments: dict[str, dict[str, str]] = {}


class ReasonIn(Schema):
    reason: str


class AdjustIn(Schema):
    adjustment: str
    reason: str


class ReplacementIn(Schema):
    expertCode: str | None = None
    username: str | None = None


class SignIn(Schema):
    dissent: str = ""


def _committee(request, committee_id: int) -> tuple[Committee, Member | None]:
    return selectors.committee_for_viewer(viewer=request.auth, committee_id=committee_id)


@router.post("/evaluation/committees")
def committee_form(request, payload: CommitteeIn):
    draw = None
    if payload.drawId:
        draw = Draw.objects.filter(draw_id=payload.drawId).first()
        if draw is None:
            raise NotFound()
    reps = list(User.objects.filter(username__in=payload.buyerRepUsernames, entity__uscc=payload.buyerUscc))
    if len(reps) != len(set(payload.buyerRepUsernames)):
        raise NotFound("招标人代表账号不存在或不属于招标人", code="buyer_rep_not_found")

    committee = services.committee_form(
        actor=request.auth,
        section=Section.objects.filter(code=payload.sectionId).first(),
        section_ref=payload.sectionId,
        procurement=payload.procurement,
        budget=payload.budget,
        method=payload.method,
        starts_at=payload.startsAt,
        buyer_uscc=payload.buyerUscc,
        agency_uscc=payload.agencyUscc,
        buyer_reps=reps,
        items=[i.model_dump() for i in payload.items],
        bids=[b.model_dump() for b in payload.bids],
        draw=draw,
        deviation_bound=payload.deviationBound,
    )
    return selectors.committee_summary(viewer=request.auth, committee=committee, member=None)


@router.get("/evaluation/committees/mine")
def committees_mine(request):
    return {
        "items": [
            {"id": c.pk, "sectionId": c.section_ref, "status": c.status, "startsAt": c.starts_at.isoformat()}
            for c in selectors.committees_for_member(viewer=request.auth)
        ]
    }


@router.get("/evaluation/committees/{committee_id}")
def committee_detail(request, committee_id: int):
    committee, member = _committee(request, committee_id)
    return selectors.committee_summary(viewer=request.auth, committee=committee, member=member)


@router.post("/evaluation/committees/{committee_id}/enter")
def enter(request, committee_id: int, payload: EnterIn):
    committee, _ = _committee(request, committee_id)
    m = services.member_enter(actor=request.auth, committee=committee, conflict=payload.conflict)
    return {"memberId": m.pk, "status": m.status}


@router.post("/evaluation/committees/{committee_id}/chair-vote")
def chair_vote(request, committee_id: int, payload: VoteIn):
    committee, _ = _committee(request, committee_id)
    candidate = committee.members.filter(pk=payload.memberId).first()
    if candidate is None:
        raise NotFound()
    chair = services.chair_vote(actor=request.auth, committee=committee, candidate=candidate)
    return {"elected": chair.pk if chair else None}


@router.post("/evaluation/committees/{committee_id}/scores")
def submit_scores(request, committee_id: int, payload: ScoresIn):
    committee, _ = _committee(request, committee_id)
    sub = services.score_submit(
        actor=request.auth, committee=committee, scores=payload.scores, comments=payload.comments
    )
    return {"submittedAt": sub.submitted_at.isoformat()}


def _bid(committee, bid_id):
    bid = committee.bids.filter(pk=bid_id).first()
    if bid is None:
        raise NotFound()
    return bid


@router.post("/evaluation/committees/{committee_id}/bids/{bid_id}/disqualify")
def disqualify(request, committee_id: int, bid_id: int, payload: ReasonIn):
    committee, _ = _committee(request, committee_id)
    bid = services.bid_disqualify(
        actor=request.auth, committee=committee, bid=_bid(committee, bid_id), reason=payload.reason
    )
    return {"id": bid.pk, "disqualified": bid.disqualified}


@router.post("/evaluation/committees/{committee_id}/bids/{bid_id}/adjust")
def adjust(request, committee_id: int, bid_id: int, payload: AdjustIn):
    committee, _ = _committee(request, committee_id)
    bid = services.bid_adjust_price(
        actor=request.auth,
        committee=committee,
        bid=_bid(committee, bid_id),
        adjustment=payload.adjustment,
        reason=payload.reason,
    )
    return {"id": bid.pk, "evaluatedPrice": str(bid.evaluated_price)}


@router.post("/evaluation/committees/{committee_id}/members/{member_id}/replace")
def replace(request, committee_id: int, member_id: int, payload: ReasonIn):
    committee, _ = _committee(request, committee_id)
    member = committee.members.filter(pk=member_id).first()
    if member is None:
        raise NotFound()
    m = services.member_replace(actor=request.auth, member=member, reason=payload.reason)
    return {"id": m.pk, "status": m.status}


@router.post("/evaluation/committees/{committee_id}/members/{member_id}/replacement")
def replacement(request, committee_id: int, member_id: int, payload: ReplacementIn):
    committee, _ = _committee(request, committee_id)
    replaces = committee.members.filter(pk=member_id).first()
    if replaces is None:
        raise NotFound()
    expert = Expert.objects.filter(expert_code=payload.expertCode).first() if payload.expertCode else None
    user = (
        User.objects.filter(username=payload.username, entity__uscc=committee.buyer_uscc).first()
        if payload.username
        else None
    )
    m = services.member_add(
        actor=request.auth, committee=committee, replaces=replaces, expert=expert, user=user
    )
    return {"id": m.pk}


@router.post("/evaluation/committees/{committee_id}/report")
def report_prepare(request, committee_id: int):
    committee, _ = _committee(request, committee_id)
    report = services.report_prepare(actor=request.auth, committee=committee)
    return {"candidates": report.candidates, "digest": report.content_digest}


@router.post("/evaluation/committees/{committee_id}/report/sign")
def report_sign(request, committee_id: int, payload: SignIn):
    committee, _ = _committee(request, committee_id)
    sig = services.report_sign(actor=request.auth, committee=committee, dissent=payload.dissent)
    return {"signedAt": sig.signed_at.isoformat(), "digest": sig.digest}
