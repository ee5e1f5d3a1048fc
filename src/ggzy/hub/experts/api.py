"""JSON API for the expert pool and draws. Only translates HTTP ↔ services/selectors."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema

from ggzy.core.exceptions import NotFound
from ggzy.core.pagination import paginate
from ggzy.parties.auth import API_AUTH

from . import selectors, services
from .models import Expert, Specialty

router = Router(tags=["experts"])


class LineIn(Schema):
    specialty: str
    count: int
    regions: list[str] = []


class DrawIn(Schema):
    sectionId: str
    buyerUscc: str
    agencyUscc: str
    bidderUsccs: list[str]
    regulatorUsccs: list[str] = []
    evaluationAt: dt.datetime
    lines: list[LineIn]


class EmploymentIn(Schema):
    employerUscc: str
    employerName: str
    startedOn: dt.date
    endedOn: dt.date | None = None


class RelativeIn(Schema):
    companyUscc: str
    companyName: str
    relation: str


class ExpertIn(Schema):
    name: str
    idNumber: str
    phone: str = ""
    region: str
    title: str = ""
    specialties: list[str]
    employments: list[EmploymentIn]
    relatives: list[RelativeIn] = []


class ExpertPatch(Schema):
    phone: str | None = None
    region: str | None = None
    title: str | None = None
    specialties: list[str] | None = None
    employments: list[EmploymentIn] | None = None
    relatives: list[RelativeIn] | None = None


class InvitationAnswerIn(Schema):
    accept: bool
    conflict: bool = False
    note: str = ""


class VetIn(Schema):
    approve: bool
    note: str = ""


class StatusIn(Schema):
    status: str
    note: str


def _expert_out(expert: Expert, *, private: bool) -> dict:
    out = {
        "expertCode": expert.expert_code,
        "name": expert.name,
        "region": expert.region,
        "title": expert.title,
        "status": expert.status,
        "specialties": [link.specialty_id for link in expert.specialty_links.all()],
    }
    if private:  # the expert themself or an operator vetting: ID number masked even then
        out.update(
            {
                "idNumberMasked": expert.id_number[:4] + "*" * 10 + expert.id_number[-4:],
                "phone": expert.phone,
                "vettingNote": expert.vetting_note,
                "employments": [
                    {
                        "employerUscc": e.employer_uscc,
                        "employerName": e.employer_name,
                        "startedOn": e.started_on.isoformat(),
                        "endedOn": e.ended_on.isoformat() if e.ended_on else None,
                    }
                    for e in expert.employments.all()
                ],
                "relatives": [
                    {"companyUscc": r.company_uscc, "companyName": r.company_name, "relation": r.relation}
                    for r in expert.relative_companies.all()
                ],
                "evaluations": expert.evaluations.count(),
            }
        )
    return out


def _rows(items):
    return [i.model_dump(exclude_none=False) for i in items]


@router.get("/experts/specialties")
def specialties(request):
    return {
        "items": [
            {"code": s.code, "name": s.name, "level": s.level, "parent": s.parent_id}
            for s in Specialty.objects.all()
        ]
    }


@router.get("/experts/me", auth=API_AUTH)
def expert_me(request):
    expert = selectors.my_expert(viewer=request.auth)
    if expert is None:
        raise NotFound("尚未登记专家信息", code="expert_not_registered")
    return _expert_out(expert, private=True)


@router.post("/experts/me", auth=API_AUTH)
def expert_register(request, payload: ExpertIn):
    expert = services.expert_register(
        actor=request.auth,
        name=payload.name,
        id_number=payload.idNumber,
        phone=payload.phone,
        region=payload.region,
        title=payload.title,
        specialties=payload.specialties,
        employments=_rows(payload.employments),
        relatives=_rows(payload.relatives),
    )
    return _expert_out(expert, private=True)


@router.patch("/experts/me", auth=API_AUTH)
def expert_update(request, payload: ExpertPatch):
    expert = selectors.my_expert(viewer=request.auth)
    if expert is None:
        raise NotFound("尚未登记专家信息", code="expert_not_registered")
    expert = services.expert_update_profile(
        actor=request.auth,
        expert=expert,
        phone=payload.phone,
        region=payload.region,
        title=payload.title,
        specialties=payload.specialties,
        employments=_rows(payload.employments) if payload.employments is not None else None,
        relatives=_rows(payload.relatives) if payload.relatives is not None else None,
    )
    return _expert_out(expert, private=True)


@router.get("/experts/invitations", auth=API_AUTH)
def my_invitations(request):
    return {
        "items": [
            {
                "id": inv.pk,
                "drawId": inv.line.draw.draw_id,
                "sectionId": inv.line.draw.section_ref,
                "evaluationAt": inv.line.draw.evaluation_at.isoformat(),
                "outcome": inv.outcome,
                "respondBy": inv.respond_by.isoformat(),
            }
            for inv in selectors.my_invitations(viewer=request.auth)
        ]
    }


@router.post("/experts/invitations/{invitation_id}/answer", auth=API_AUTH)
def answer(request, invitation_id: int, payload: InvitationAnswerIn):
    inv = selectors.my_invitation(viewer=request.auth, invitation_id=invitation_id)
    inv = services.invitation_respond(
        actor=request.auth,
        invitation=inv,
        accept=payload.accept,
        conflict=payload.conflict,
        note=payload.note,
    )
    return {"id": inv.pk, "outcome": inv.outcome}


@router.get("/experts/vetting", auth=API_AUTH)
def vetting_list(request, status: str | None = None, cursor: str | None = None):
    rows, nxt = paginate(selectors.experts_for_vetting(viewer=request.auth, status=status), cursor=cursor)
    return {"items": [_expert_out(e, private=True) for e in rows], "next": nxt}


def _expert_for_operator(request, code: str) -> Expert:
    return selectors.expert_for_vetting(viewer=request.auth, expert_code=code)


@router.post("/experts/{code}/vet", auth=API_AUTH)
def vet(request, code: str, payload: VetIn):
    expert = services.expert_vet(
        actor=request.auth,
        expert=_expert_for_operator(request, code),
        approve=payload.approve,
        note=payload.note,
    )
    return _expert_out(expert, private=True)


@router.post("/experts/{code}/status", auth=API_AUTH)
def set_status(request, code: str, payload: StatusIn):
    expert = services.expert_set_status(
        actor=request.auth,
        expert=_expert_for_operator(request, code),
        status=payload.status,
        note=payload.note,
    )
    return _expert_out(expert, private=True)


@router.post("/draws", auth=API_AUTH)
def draw_request(request, payload: DrawIn):
    draw = services.draw_request(
        actor=request.auth,
        section_ref=payload.sectionId,
        buyer_uscc=payload.buyerUscc,
        agency_uscc=payload.agencyUscc,
        bidder_usccs=payload.bidderUsccs,
        regulator_usccs=payload.regulatorUsccs,
        evaluation_at=payload.evaluationAt,
        lines=_rows(payload.lines),
    )
    return selectors.draw_public(draw_id=draw.draw_id)


@router.get("/draws/mine", auth=API_AUTH)
def draws_mine(request, cursor: str | None = None):
    rows, nxt = paginate(selectors.draws_for_viewer(viewer=request.auth), cursor=cursor)
    return {
        "items": [
            {
                "drawId": d.draw_id,
                "sectionId": d.section_ref,
                "status": d.status,
                "evaluationAt": d.evaluation_at.isoformat(),
            }
            for d in rows
        ],
        "next": nxt,
    }


@router.get("/draws")
def draws_published(request, published: bool = True, cursor: str | None = None):
    if not published:
        raise NotFound("仅提供已公开的抽取记录；本人相关的抽取见 /draws/mine", code="only_published")
    rows, nxt = paginate(selectors.published_draws(), cursor=cursor, keys=("published_at", "id"))
    return {
        "items": [
            {"drawId": d.draw_id, "sectionId": d.section_ref, "publishedAt": d.published_at.isoformat()}
            for d in rows
        ],
        "next": nxt,
    }


@router.get("/draws/{draw_id}")
def draw_detail(request, draw_id: str):
    return selectors.draw_public(draw_id=draw_id)


@router.get("/draws/{draw_id}/progress", auth=API_AUTH)
def draw_progress(request, draw_id: str):
    return selectors.draw_progress(viewer=request.auth, draw_id=draw_id)


@router.post("/draws/{draw_id}/publish", auth=API_AUTH)
def draw_publish(request, draw_id: str):
    draw = selectors.draw_by_id(draw_id)
    services.draw_publish(actor=request.auth, draw=draw)
    return selectors.draw_public(draw_id=draw.draw_id)
