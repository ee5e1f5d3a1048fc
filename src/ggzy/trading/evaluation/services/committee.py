"""Committee formation (法37 / 87号令47) only from a finished expert draw of the same section (条例46),
avoidance statements on entry, replacement (条例48), chair."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction

from ggzy.core import audit, clock
from ggzy.core.codes import validate_uscc
from ggzy.core.exceptions import Conflict, Forbidden, InvalidInput
from ggzy.core.legal_rules import cite, rule
from ggzy.hub.experts import rules as expert_rules
from ggzy.hub.experts.models import Draw, Invitation
from ggzy.hub.experts.services import invitation_avoid
from ggzy.parties.permissions import require_role
from ggzy.parties.roles import Role
from ggzy.trading.tendering.models import Bid as TenderBid
from ggzy.trading.tendering.states import BidStatus

from ..models import Bid, ChairVote, Committee, Member, ScoringItem
from ..states import COMMITTEE, MEMBER
from .common import active_member, chair_election_open, lock_committee, require_statement, require_status

MIN_MEMBERS = rule("法37").value  # 5 or more, odd; experts ≥ 2/3 (法37, also 87号令47)
BIG_BUDGET = rule("87号令47").part("预算金额下限（元）")  # 1,000万元 → ≥ 7 members (87号令47)
BIG_BUDGET_MIN_MEMBERS = rule("87号令47").value
MIN_PRICE_WEIGHT = {
    Committee.Procurement.GOODS: rule("87号令55").value,
    Committee.Procurement.SERVICES: rule("87号令55").part("服务项目"),
}


def check_composition(*, total: int, experts: int, procurement: str, budget: Decimal) -> None:
    problems = []
    if total < MIN_MEMBERS:
        problems.append(f"成员不少于{MIN_MEMBERS}人")
    if total % 2 == 0:
        problems.append("成员人数应为单数")
    if experts * 3 < total * 2:
        problems.append("专家不少于成员总数的三分之二")
    gp = procurement != Committee.Procurement.ENGINEERING
    if gp and budget >= BIG_BUDGET and total < BIG_BUDGET_MIN_MEMBERS:
        problems.append(
            f"政府采购预算{BIG_BUDGET / 10000:.0f}万元以上的，成员不少于{BIG_BUDGET_MIN_MEMBERS}人"
        )
    if problems:
        basis = cite("87号令47") if gp else cite("法37")
        raise InvalidInput(
            f"评标委员会组成不符合规定：{'；'.join(problems)}（{basis}）",
            code="committee_composition",
            details={"total": total, "experts": experts, "problems": problems, "rule": basis},
        )


def _dec(value, field: str) -> Decimal:
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise InvalidInput(
            f"数值格式不正确：{field}", code="invalid_number", details={"field": field}
        ) from exc
    if not d.is_finite():
        raise InvalidInput(f"数值格式不正确：{field}", code="invalid_number", details={"field": field})
    return d


def _items(method: str, procurement: str, raw: list[dict]) -> list[ScoringItem]:
    if method == Committee.Method.LOWEST_PRICE:
        return []
    items, codes = [], set()
    for n, row in enumerate(raw):
        code = str(row.get("code") or "").strip()
        if not code or code in codes or not str(row.get("name") or "").strip():
            raise InvalidInput("评分项编号、名称必填且编号唯一", code="invalid_template", details={"item": n})
        codes.add(code)
        kind = row.get("kind")
        if kind not in ScoringItem.Kind.values:
            raise InvalidInput("评分项类别无效", code="invalid_template", details={"item": n})
        weight, max_points = (
            _dec(row.get("weight"), f"items.{n}.weight"),
            _dec(row.get("maxPoints", 100), f"items.{n}.maxPoints"),
        )
        if not (Decimal(0) < weight <= 1) or max_points <= 0:
            raise InvalidInput("权重应在0～1之间，满分应大于0", code="invalid_template", details={"item": n})
        items.append(
            ScoringItem(
                position=n,
                code=code,
                name=row["name"].strip(),
                kind=kind,
                weight=weight,
                max_points=max_points,
            )
        )
    prices = [i for i in items if i.kind == ScoringItem.Kind.PRICE]
    if len(prices) != 1:
        raise InvalidInput("综合评分法须有且仅有一个价格评分项", code="price_item_required")
    if sum((i.weight for i in items), Decimal(0)) != 1:
        raise InvalidInput("各评分项权重之和应为1", code="weights_not_one")
    minimum = MIN_PRICE_WEIGHT.get(procurement)
    if minimum is not None and prices[0].weight < minimum:
        raise InvalidInput(
            f"价格分值占比不得低于{minimum * 100:.0f}%（{cite('87号令55')}）", code="price_weight_too_low"
        )
    return items


def _bids(raw: list[dict]) -> list[Bid]:
    bids, seen = [], set()
    for n, row in enumerate(raw):
        uscc = validate_uscc(row.get("bidderUscc"))
        price = _dec(row.get("price"), f"bids.{n}.price")
        if uscc in seen or price <= 0:
            raise InvalidInput("投标人重复或报价无效", code="invalid_bid", details={"bid": n})
        seen.add(uscc)
        bids.append(
            Bid(
                bidder_uscc=uscc,
                bidder_name=str(row.get("bidderName") or uscc),
                price=price,
                source_bid_id=row.get("sourceBidId"),
            )
        )
    if len(bids) < 3:
        raise Conflict("有效投标不足3家，不得评标", code="too_few_bids")
    return bids


def _section_inputs(section) -> dict:
    """Buyer, agency, budget and the opened bids of tendering's Section."""
    tender = section.tender
    rows = TenderBid.objects.filter(section=section, status=BidStatus.DECRYPTED).select_related("bidder")
    return {
        "section_ref": section.code,
        "buyer_uscc": tender.buyer.uscc,
        "agency_uscc": tender.agency.uscc if tender.agency_id else tender.buyer.uscc,
        "budget": section.estimated_amount,
        "bids": [
            {
                "bidderUscc": b.bidder.uscc,
                "bidderName": b.bidder.name,
                "price": b.price_amount,
                "sourceBidId": b.pk,
            }
            for b in rows
            if b.price_amount is not None
        ],
    }


def _drawn_seats(draw, *, section, section_ref: str, agency_uscc: str) -> list:
    """The accepted experts of ``draw``, which must be finished and of the same section (条例46)."""
    if draw is None:
        raise Conflict(
            f"评标专家须从专家库随机抽取，请先完成本标段的专家抽取（{cite('条例46')}）",
            code="draw_required",
            details={"rule": cite("条例46")},
        )
    draw = Draw.objects.get(pk=draw.pk)  # the caller's copy may be stale
    accepted = list(
        Invitation.objects.filter(line__draw=draw, outcome=Invitation.Outcome.ACCEPTED).select_related(
            "expert__user"
        )
    )
    other_section = section is not None and draw.section_id is not None and draw.section_id != section.pk
    if draw.section_ref != section_ref or other_section or draw.agency_uscc != agency_uscc or not accepted:
        raise Conflict("抽取记录与标段不符或尚无确认参加的专家", code="draw_mismatch")
    if not expert_rules.draw_seats_committee(draw.status):
        raise Conflict("专家抽取尚未完成（仍有待答复的专家）", code="draw_in_progress")
    return [(inv.expert, inv) for inv in accepted]


def committee_form(
    *,
    actor,
    procurement: str,
    method: str,
    starts_at: dt.datetime,
    buyer_reps: list,
    items: list[dict],
    draw,
    section=None,
    section_ref: str = "",
    budget=0,
    buyer_uscc: str = "",
    agency_uscc: str = "",
    bids: list[dict] | None = None,
    regulator_usccs: list[str] | None = None,
    deviation_bound=None,
) -> Committee:
    """The agency forms the committee from the experts of a finished draw of the same section (条例46:
    nobody names them) and the buyer's representatives.

    With ``section`` (tendering's Section) the buyer, agency, budget and the decrypted bids come from it.
    """
    require_role(actor, Role.AGENCY, Role.BUYER)  # a buyer only when tendering itself (no agency)
    if section is not None:
        facts = _section_inputs(section)
        section_ref, buyer_uscc, agency_uscc = facts["section_ref"], facts["buyer_uscc"], facts["agency_uscc"]
        budget, bids = facts["budget"], facts["bids"]
    if actor.entity is None or actor.entity.uscc != agency_uscc:
        raise Forbidden("只能为本机构代理的项目组建评标委员会", code="not_project_agency")
    if actor.role == Role.BUYER and validate_uscc(buyer_uscc) != agency_uscc:
        raise Forbidden("招标人仅可为自行招标的项目办理", code="not_self_tendering")
    if procurement not in Committee.Procurement.values or method not in Committee.Method.values:
        raise InvalidInput("项目类型或评标办法无效", code="invalid_method")
    budget = _dec(budget, "budget")
    seats = _drawn_seats(draw, section=section, section_ref=section_ref, agency_uscc=agency_uscc)
    check_composition(
        total=len(seats) + len(buyer_reps), experts=len(seats), procurement=procurement, budget=budget
    )
    item_rows, bid_rows = _items(method, procurement, items), _bids(bids or [])
    with transaction.atomic():
        if Committee.objects.filter(section_ref=section_ref).exists():
            raise Conflict("该标段已组建评标委员会", code="committee_exists")
        committee = Committee.objects.create(
            section=section,
            section_ref=section_ref,
            draw=draw,
            buyer_uscc=validate_uscc(buyer_uscc),
            agency_uscc=agency_uscc,
            regulator_usccs=regulator_usccs or [],
            procurement=procurement,
            budget=budget,
            method=method,
            starts_at=starts_at,
            created_by=actor,
            **(
                {"deviation_bound": _dec(deviation_bound, "deviationBound")}
                if deviation_bound is not None
                else {}
            ),
        )
        for expert, inv in seats:
            Member.objects.create(
                committee=committee, user=expert.user, expert=expert, invitation=inv, kind=Member.Kind.EXPERT
            )
        for user in buyer_reps:
            Member.objects.create(committee=committee, user=user, kind=Member.Kind.BUYER_REP)
        for item in item_rows:
            item.committee = committee
        ScoringItem.objects.bulk_create(item_rows)
        for bid in bid_rows:
            bid.committee = committee
        Bid.objects.bulk_create(bid_rows)
        audit.record(
            actor=actor,
            action="evaluation.committee_formed",
            target=committee,
            payload={
                "sectionId": section_ref,
                "members": len(seats) + len(buyer_reps),
                "experts": len(seats),
                "method": method,
                "items": [i.code for i in item_rows],
                "bids": len(bid_rows),
            },
        )
    return committee


def member_enter(*, actor, committee: Committee, conflict: str = "") -> Member:
    """Each member signs the avoidance statement on entry; declaring a conflict replaces the member."""
    member = active_member(actor, committee)
    if clock.now() < committee.starts_at:
        raise Conflict("评标尚未开始", code="evaluation_not_started")
    if member.statement_signed_at is not None:
        raise Conflict("已签署回避声明", code="statement_signed")
    if conflict.strip():
        return member_replace(actor=None, member=member, reason=f"本人申请回避：{conflict.strip()}")
    with transaction.atomic():
        lock_committee(committee)
        member.statement_signed_at = clock.now()
        member.save(update_fields=["statement_signed_at"])
        audit.record(
            actor=actor, action="evaluation.statement_signed", target=committee, payload={"member": member.pk}
        )
    return member


def member_replace(*, actor, member: Member, reason: str) -> Member:
    """条例48: the member leaves; opinions and scores already given are void. A drawn expert's seat
    is redrawn from the same line. ``actor`` None = the member's own avoidance on entry."""
    if actor is not None:
        require_role(actor, Role.AGENCY, Role.OPERATOR)
    if not reason.strip():
        raise InvalidInput("请说明更换原因", code="reason_required", details={"field": "reason"})
    with transaction.atomic():
        committee = lock_committee(member.committee)
        if (
            actor is not None
            and actor.role == Role.AGENCY
            and actor.entity
            and actor.entity.uscc != committee.agency_uscc
        ):
            raise Forbidden(code="not_project_agency")
        require_status(committee, Committee.Status.FORMED, Committee.Status.SCORING, Committee.Status.SCORED)
        member = Member.objects.select_for_update().get(pk=member.pk)
        if member.status != Member.Status.ACTIVE:
            raise Conflict("该成员已被更换", code="member_replaced")
        was_chair = member.is_chair
        member.replaced_at = clock.now()
        member.replaced_reason = reason.strip()[:300]
        member.is_chair = False
        MEMBER.move(
            member,
            Member.Status.REPLACED,
            actor=actor,
            reason=member.replaced_reason,
            extra_fields=["replaced_at", "replaced_reason", "is_chair"],
        )
        ChairVote.objects.filter(committee=committee, voter=member).delete()
        if was_chair:  # the members elect a new chair while scoring goes on; scores already given stand
            ChairVote.objects.filter(committee=committee).delete()
        if committee.status == Committee.Status.SCORED:  # the replacement still has to score
            COMMITTEE.move(
                committee,
                Committee.Status.SCORING,
                actor=actor,
                reason=member.replaced_reason,
                audit_details={"member": member.pk},
            )
        audit.record(
            actor=actor,
            action="evaluation.member_replaced",
            target=committee,
            payload={"member": member.pk, "reason": member.replaced_reason},
        )
        if member.invitation_id:
            invitation_avoid(actor=None, invitation=member.invitation, reason=member.replaced_reason)
    return member


def member_add(*, actor, committee: Committee, replaces: Member, expert=None, user=None) -> Member:
    """Seat the replacement (a newly accepted drawn expert, or another buyer representative)."""
    require_role(actor, Role.AGENCY)
    if actor.entity is None or actor.entity.uscc != committee.agency_uscc:
        raise Forbidden(code="not_project_agency")
    replaces = Member.objects.get(pk=replaces.pk)
    if replaces.committee_id != committee.pk or replaces.status != Member.Status.REPLACED:
        raise Conflict("只能替补已更换的成员", code="nothing_to_replace")
    if Member.objects.filter(replaces=replaces).exists():
        raise Conflict("该成员已有替补", code="already_replaced")
    invitation = None
    if replaces.kind == Member.Kind.EXPERT:
        if expert is None:
            raise InvalidInput("请指定替补专家", code="expert_required")

        invitation = Invitation.objects.filter(
            line__draw_id=committee.draw_id, expert=expert, outcome=Invitation.Outcome.ACCEPTED
        ).first()
        if committee.draw_id is None or invitation is None:
            raise Conflict(f"替补专家须经随机抽取并确认参加（{cite('条例46')}）", code="expert_not_drawn")
        user = expert.user
    elif user is None:
        raise InvalidInput("请指定替补的招标人代表", code="user_required")
    with transaction.atomic():
        lock_committee(committee)
        if Member.objects.filter(committee=committee, user=user, status=Member.Status.ACTIVE).exists():
            raise Conflict("该人员已在评标委员会中", code="already_member")
        member = Member.objects.create(
            committee=committee,
            user=user,
            expert=expert,
            invitation=invitation,
            kind=replaces.kind,
            replaces=replaces,
        )
        audit.record(
            actor=actor,
            action="evaluation.member_added",
            target=committee,
            payload={"member": member.pk, "replaces": replaces.pk},
        )
    return member


def chair_vote(*, actor, committee: Committee, candidate: Member) -> Member | None:
    """Members elect the chair (主任) among themselves; a strict majority of active members elects."""
    voter = active_member(actor, committee)
    require_statement(voter)
    with transaction.atomic():
        committee = lock_committee(committee)
        if not chair_election_open(committee):
            raise Conflict(
                f"评标委员会当前状态为“{committee.get_status_display()}”，不能推选主任",
                code="committee_bad_state",
                details={"status": committee.status},
            )
        candidate = Member.objects.get(pk=candidate.pk, committee=committee)
        if candidate.status != Member.Status.ACTIVE or candidate.statement_signed_at is None:
            raise Conflict("候选人须为已签署回避声明的在任成员", code="invalid_candidate")
        active = list(Member.objects.filter(committee=committee, status=Member.Status.ACTIVE))
        ChairVote.objects.update_or_create(
            voter=voter, defaults={"committee": committee, "candidate": candidate, "at": clock.now()}
        )
        audit.record(
            actor=actor, action="evaluation.chair_vote", target=committee, payload={"voter": voter.pk}
        )
        votes = ChairVote.objects.filter(committee=committee, candidate=candidate).count()
        if votes * 2 <= len(active):
            return None
        check_composition(
            total=len(active),
            experts=sum(m.kind == Member.Kind.EXPERT for m in active),
            procurement=committee.procurement,
            budget=committee.budget,
        )
        if any(m.statement_signed_at is None for m in active):
            return None  # everyone must have entered before scoring starts
        Member.objects.filter(committee=committee).update(is_chair=False)
        Member.objects.filter(pk=candidate.pk).update(is_chair=True)
        elected = {"chair": candidate.pk, "votes": votes, "members": len(active)}
        if committee.status == Committee.Status.FORMED:  # scoring starts with the first chair
            COMMITTEE.move(
                committee,
                Committee.Status.SCORING,
                actor=None,
                audit_action="evaluation.chair_elected",
                audit_details=elected,
            )
        else:  # a replaced chair's successor: the committee goes on scoring
            audit.record(actor=None, action="evaluation.chair_elected", target=committee, payload=elected)
    candidate.refresh_from_db()
    return candidate
