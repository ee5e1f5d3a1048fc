"""Draw services: request (commitment) → execute (beacon, avoidance, lines) → advance → publish."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import connection, transaction
from django.db.models import Q

from ggzy.core import audit, clock
from ggzy.core.audit_seal import first_seal_after
from ggzy.core.codes import clean_reference, validate_uscc
from ggzy.core.exceptions import Conflict, Forbidden, InvalidInput
from ggzy.parties.permissions import require_role
from ggzy.parties.roles import Role

from .. import algorithm, avoidance, conf, messaging, snapshots
from ..models import Draw, DrawExclusion, DrawLine, Expert, Invitation, Specialty
from ..sections import section_facts
from ..states import DRAW

MAX_LINE_COUNT = 50


def _new_draw_id() -> str:
    return "DR" + clock.local_now().strftime("%Y%m%d") + secrets.token_hex(4).upper()


def _lines(raw: list[dict]) -> list[tuple[Specialty, int, list[str], str]]:
    if not raw:
        raise InvalidInput("请至少填写一个抽取条件", code="lines_required")
    out, labels = [], set()
    for n, line in enumerate(raw):
        code = str(line.get("specialty") or "").strip().upper()
        specialty = Specialty.objects.filter(code=code).first()
        if specialty is None:
            raise InvalidInput(f"评标专业代码不存在：{code}", code="unknown_specialty", details={"line": n})
        try:
            count = int(line.get("count"))
        except (TypeError, ValueError) as exc:
            raise InvalidInput("人数应为正整数", code="invalid_count", details={"line": n}) from exc
        if not 1 <= count <= MAX_LINE_COUNT:
            raise InvalidInput("人数应为正整数", code="invalid_count", details={"line": n})
        regions = sorted({str(r).strip() for r in line.get("regions") or [] if str(r).strip()})
        label = f"{specialty.code} {specialty.name} ×{count}" + (
            f"（{'、'.join(regions)}）" if regions else ""
        )
        if label in labels:
            label = f"{label} #{n + 1}"
        labels.add(label)
        out.append((specialty, count, regions, label))
    return out


def draw_request(
    *,
    actor,
    evaluation_at: dt.datetime,
    lines: list[dict],
    section=None,
    section_ref: str = "",
    buyer_uscc: str = "",
    agency_uscc: str = "",
    bidder_usccs: list[str] | None = None,
    regulator_usccs: list[str] | None = None,
) -> Draw:
    """An agency asks for experts. The platform picks its secret and publishes the commitment now.

    With ``section`` (the trading layer's section object) the buyer, agency, bidders and regulators come
    from the trading layer's facts provider (``..sections``); otherwise they are explicit inputs.
    ``section_ref`` is cleaned once, first: when it names one of the platform's sections (whatever blanks
    or letter case it was sent with), that section's agency is the only one authorised — a lookalike code
    can neither squat a section nor reach past its owner.
    """
    require_role(actor, Role.AGENCY, Role.BUYER)  # a buyer only when tendering itself (no agency)
    section_ref = clean_reference(section_ref)
    facts = section_facts(section=section, ref=section_ref)
    section_pk = facts.section_pk if facts is not None else None
    if facts is not None:
        section_ref, buyer_uscc, agency_uscc = facts.section_ref, facts.buyer_uscc, facts.agency_uscc
        bidder_usccs, regulator_usccs = facts.bidder_usccs, facts.regulator_usccs
    bidder_usccs, regulator_usccs = bidder_usccs or [], regulator_usccs or []
    agency_uscc = validate_uscc(agency_uscc)
    if actor.entity is None or actor.entity.uscc != agency_uscc:
        raise Forbidden("只能为本机构代理的项目申请抽取", code="not_project_agency")
    if actor.role == Role.BUYER and validate_uscc(buyer_uscc) != agency_uscc:
        raise Forbidden("招标人仅可为自行招标的项目办理", code="not_self_tendering")
    buyer_uscc = validate_uscc(buyer_uscc)
    bidders = sorted({validate_uscc(u) for u in bidder_usccs})
    regulators = sorted({validate_uscc(u) for u in regulator_usccs})
    if not section_ref:
        raise InvalidInput("请填写标段编号", code="section_required")
    now = clock.now()
    if evaluation_at - now > conf.draw_lead_time():
        raise Conflict(
            "距评标时间过早，不得提前抽取专家",
            code="draw_too_early",
            details={"earliest": (evaluation_at - conf.draw_lead_time()).isoformat()},
        )
    if evaluation_at - now < conf.min_notice():
        raise Conflict("距评标时间过近，专家来不及确认", code="draw_too_late")
    parsed = _lines(lines)
    secret = algorithm.new_secret()
    with transaction.atomic():
        # Only a draw of the same section, or of the same reference by the same agency, blocks a new one:
        # nobody can reserve a code they do not own.
        same = Q(section_ref__iexact=section_ref, agency_uscc=agency_uscc)
        if section_pk is not None:
            same |= Q(section_id=section_pk)
        if Draw.objects.filter(same).exclude(status=Draw.Status.CANCELLED).exists():
            raise Conflict("该标段已有进行中的抽取", code="draw_exists")
        draw = Draw.objects.create(
            draw_id=_new_draw_id(),
            section_id=section_pk,
            section_ref=section_ref,
            buyer_uscc=buyer_uscc,
            agency_uscc=agency_uscc,
            bidder_usccs=bidders,
            regulator_usccs=regulators,
            evaluation_at=evaluation_at,
            requested_by=actor,
            secret_hex=secret.hex(),
            commitment=algorithm.commitment_of(secret),
            committed_at=now,
        )
        DrawLine.objects.bulk_create(
            [
                DrawLine(draw=draw, position=n, specialty=s, count=c, regions=r, label=label)
                for n, (s, c, r, label) in enumerate(parsed)
            ]
        )
        # The commitment goes into the audit chain; the next seal's root becomes the beacon.
        audit.record(
            actor=actor,
            action="draw.committed",
            target=draw,
            payload={
                "drawId": draw.draw_id,
                "sectionId": draw.section_ref,
                "commitment": draw.commitment,
                "committedAt": now.isoformat(),
                "lines": [{"label": p[3], "count": p[1]} for p in parsed],
            },
        )
    return draw


def _beacon_for(draw: Draw):
    return first_seal_after(draw.committed_at)


def draw_execute(*, draw: Draw) -> Draw:
    """Fix the beacon, record avoidance and start the first line. Run by the worker (system actor)."""
    with transaction.atomic():
        draw = Draw.objects.select_for_update().get(pk=draw.pk)
        if draw.status != Draw.Status.COMMITTED:
            raise Conflict(code="draw_not_committed")
        seal = _beacon_for(draw)
        if seal is None:
            raise Conflict("等待承诺值之后的首个审计封存（信标）", code="beacon_pending")
        draw.beacon, draw.beacon_sealed_at = seal.merkle_root, seal.sealed_at
        excluded = _record_exclusions(draw)
        DRAW.move(
            draw,
            Draw.Status.DRAWING,
            actor=None,
            extra_fields=["beacon", "beacon_sealed_at"],
            audit_action="draw.beacon_fixed",
            audit_details={
                "beacon": draw.beacon,
                "beaconSealedAt": draw.beacon_sealed_at.isoformat(),
                "excludedExperts": len(excluded),
            },
        )
        _advance(draw, excluded)
    return draw


def _record_exclusions(draw: Draw) -> set[str]:
    """Write one row per (expert, reason) and return the excluded experts' codes.

    Plain ``executemany``: with 50 bidders a draw may exclude thousands, and model instances would
    dominate the draw's cost.
    """
    codes: dict[int, str] = {}
    found = avoidance.conflicts(
        buyer_uscc=draw.buyer_uscc,
        agency_uscc=draw.agency_uscc,
        bidder_usccs=draw.bidder_usccs,
        regulator_usccs=draw.regulator_usccs,
        evaluation_at=draw.evaluation_at,
        codes=codes,
    )
    rows = {(eid, r): d[:200] for eid, reasons in found.items() for r, d in reasons}
    for line in draw.lines.all():
        suspended = avoidance.line_pool(
            specialty_code=line.specialty_id, regions=line.regions, status=Expert.Status.SUSPENDED
        )
        codes.update(suspended)
        for eid in suspended:
            rows.setdefault((eid, DrawExclusion.Reason.SUSPENDED), "")
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {DrawExclusion._meta.db_table} (draw_id, expert_id, reason, detail) "
                "VALUES (%s, %s, %s, %s)",
                [(draw.pk, eid, reason, detail) for (eid, reason), detail in rows.items()],
            )
    return {codes[eid] for eid, _ in rows}


def _start_line(draw: Draw, line: DrawLine, excluded: set[str] | None = None) -> list[str]:
    """Fix the line's eligible list: the pool snapshot minus avoided experts and earlier acceptances."""
    snap, codes = snapshots.current_snapshot(specialty_code=line.specialty_id, regions=line.regions)
    if excluded is None:
        excluded = set(DrawExclusion.objects.filter(draw=draw).values_list("expert__expert_code", flat=True))
    taken = set(
        Invitation.objects.filter(
            line__draw=draw, line__position__lt=line.position, outcome=Invitation.Outcome.ACCEPTED
        ).values_list("expert__expert_code", flat=True)
    )
    eligible, removed = snapshots.subtract(codes, excluded | taken)
    line.snapshot, line.removed, line.eligible_size = snap, removed, len(eligible)
    line.pool_digest = algorithm.pool_digest(eligible)
    line.save(update_fields=["snapshot", "removed", "eligible_size", "pool_digest"])
    audit.record(
        actor=None,
        action="draw.line_started",
        target=draw,
        payload={"label": line.label, "poolSize": len(eligible), "poolDigest": line.pool_digest},
    )
    return eligible


def _invite_next(draw: Draw, line: DrawLine, seed: bytes, eligible: list[str] | None = None) -> None:
    """Invite positions until accepted + pending reach the line's count or the list is exhausted.

    An expert whose status changed since the line started is recorded as avoided on the spot and
    the next position is invited.
    """
    while not line.exhausted:
        pending = line.invitations.filter(outcome=Invitation.Outcome.PENDING).count()
        need = line.count - line.accepted - pending
        if need <= 0:
            return
        eligible = eligible if eligible is not None else line.eligible
        order = algorithm.draw_order(eligible, seed, line.label, line.next_index + need)
        by_code = {
            e.expert_code: e
            for e in Expert.objects.select_related("user").filter(expert_code__in=order[line.next_index :])
        }
        serving = set(
            Invitation.objects.filter(
                line__draw=draw, outcome__in=[Invitation.Outcome.ACCEPTED, Invitation.Outcome.PENDING]
            ).values_list("expert_id", flat=True)
        )
        now = clock.now()
        late_count = 0
        for i in range(line.next_index, len(order)):
            expert = by_code[order[i]]
            note = ""
            if expert.status != Expert.Status.ACTIVE:
                note = "抽取时专家状态已变更"
            elif expert.pk in serving:
                note = "已由其他抽取条件选中"  # only possible when an earlier line is reopened
            late = bool(note)
            late_count += late
            inv = Invitation.objects.create(
                line=line,
                index=i,
                expert=expert,
                invited_at=now,
                respond_by=now + conf.confirm_window(),
                outcome=Invitation.Outcome.AVOIDED if late else Invitation.Outcome.PENDING,
                outcome_at=now if late else None,
                note=note,
            )
            if not late:
                messaging.enqueue(
                    recipient=expert.user,
                    kind="draw.invitation",
                    body=(
                        f"【上海市公共资源交易平台】您被随机抽取为评标专家（抽取编号 {draw.draw_id}），评标时间 "
                        f"{draw.evaluation_at.astimezone(clock.SHANGHAI):%Y-%m-%d %H:%M}。请于 "
                        f"{inv.respond_by.astimezone(clock.SHANGHAI):%m-%d %H:%M} 前登录平台确认或拒绝；请勿向他人透露。"
                    ),
                )
        line.next_index = len(order)
        line.exhausted = line.next_index >= line.eligible_size
        line.save(update_fields=["next_index", "exhausted"])
        if not late_count:
            return


def _advance(draw: Draw, excluded: set[str] | None = None) -> None:
    """Move the draw forward as far as outcomes allow. Caller holds the draw row lock."""
    if draw.status == Draw.Status.CANCELLED:
        return  # answers still come in or expire; nobody further is invited
    seed = algorithm.seed_of(bytes.fromhex(draw.secret_hex), draw.beacon)
    lines = list(draw.lines.all())
    while draw.current_line < len(lines):
        line = lines[draw.current_line]
        eligible = _start_line(draw, line, excluded) if not line.started else None
        _invite_next(draw, line, seed, eligible)
        pending = line.invitations.filter(outcome=Invitation.Outcome.PENDING).exists()
        if line.accepted < line.count and (pending or not line.exhausted):
            return  # waiting for answers
        draw.current_line += 1
        draw.save(update_fields=["current_line"])
    short = any(line.accepted < line.count for line in draw.lines.all())
    finished = Draw.Status.SHORT if short else Draw.Status.COMPLETE
    DRAW.move(
        draw,
        finished,
        actor=None,
        audit_action="draw.finished",
        audit_details={"status": finished, "accepted": sum(line.accepted for line in draw.lines.all())},
    )
    if short:
        messaging.enqueue(
            recipient=draw.requested_by,
            kind="draw.short",
            body=f"抽取 {draw.draw_id} 合格专家不足，请调整抽取条件或联系交易中心。",
        )


def draws_advance() -> int:
    """Worker: execute committed draws whose beacon now exists. Returns how many started."""
    started = 0
    for draw in Draw.objects.filter(status=Draw.Status.COMMITTED).order_by("id")[:50]:
        try:
            draw_execute(draw=draw)
            started += 1
        except Conflict:
            continue
    return started


def draw_publish(*, actor, draw: Draw) -> Draw:
    """Reveal the secret and the whole draw (after the evaluation result is announced)."""
    if actor is not None:
        require_role(actor, Role.OPERATOR)
    with transaction.atomic():
        draw = Draw.objects.select_for_update().get(pk=draw.pk)
        if draw.published_at is not None:
            return draw
        if draw.status not in (Draw.Status.COMPLETE, Draw.Status.SHORT) or draw.evaluation_at > clock.now():
            raise Conflict("评标结束并公告结果后方可公开抽取记录", code="draw_not_publishable")
        draw.published_at = clock.now()
        draw.save(update_fields=["published_at"])
        audit.record(
            actor=actor,
            action="draw.published",
            target=draw,
            payload={"drawId": draw.draw_id, "secret": draw.secret_hex},
        )
    return draw


CANCEL_REASON_MAX = 300


def draw_cancel(*, actor, draw: Draw, reason: str) -> Draw:
    """The agency (or the self-tendering buyer) that requested the draw cancels it, with a reason.

    Allowed until the evaluation starts — the moment the experts' names reach the agency
    (``selectors.evaluation_started``) — and never once the draw is published. Invited experts who
    have not declined are told; pending invitations can no longer be answered, and a new draw may be
    requested for the section.
    """
    require_role(actor, Role.AGENCY, Role.BUYER)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("请说明取消原因", code="reason_required", details={"field": "reason"})
    if len(reason) > CANCEL_REASON_MAX:
        raise InvalidInput(
            f"取消原因不能超过{CANCEL_REASON_MAX}字", code="reason_too_long", details={"field": "reason"}
        )
    with transaction.atomic():
        draw = Draw.objects.select_for_update().get(pk=draw.pk)
        if actor.entity is None or actor.entity.uscc != draw.agency_uscc:
            raise Forbidden("只能取消本机构申请的抽取", code="not_project_agency")
        if draw.published_at is not None or clock.now() >= draw.evaluation_at:
            raise Conflict(
                "评标已开始，专家名单已提供给代理机构，不能取消抽取",
                code="draw_not_cancellable",
                details={"evaluationAt": draw.evaluation_at.isoformat()},
            )
        DRAW.move(
            draw,
            Draw.Status.CANCELLED,
            actor=actor,
            reason=reason,
            audit_action="draw.cancelled",
            audit_details={"drawId": draw.draw_id},
        )
        told = Invitation.objects.filter(
            line__draw=draw, outcome__in=[Invitation.Outcome.PENDING, Invitation.Outcome.ACCEPTED]
        ).select_related("expert__user")
        for inv in told:
            messaging.enqueue(
                recipient=inv.expert.user,
                kind="draw.cancelled",
                body=f"【上海市公共资源交易平台】抽取 {draw.draw_id} 已取消，原定评标无需参加。",
            )
    return draw
