from __future__ import annotations

from ggzy.core.exceptions import Conflict, Forbidden
from ggzy.core.legal_rules import cite, rule

from ..models import Committee, Member


def lock_committee(committee: Committee) -> Committee:
    return Committee.objects.select_for_update().get(pk=committee.pk)


def active_member(actor, committee: Committee) -> Member:
    """The actor's active seat on the committee, or a refusal explaining why not."""
    member = Member.objects.filter(committee=committee, user_id=getattr(actor, "pk", None)).order_by("-id").first()
    if member is None:
        raise Forbidden("您不是本项目评标委员会成员", code="not_member")
    if member.status == Member.Status.REPLACED:
        raise Forbidden("您已被更换，不能继续评审（意见无效）", code="member_replaced")
    return member


def require_statement(member: Member) -> None:
    if member.statement_signed_at is None:
        raise Conflict("请先签署回避声明", code="avoidance_statement_required")


def chair_election_open(committee: Committee) -> bool:
    """The members vote for a chair when the committee is formed, or while scoring goes on without one
    (the chair was replaced, 条例48); only the chair prepares the report."""
    if committee.status == Committee.Status.FORMED:
        return True
    no_chair = not Member.objects.filter(committee=committee, status=Member.Status.ACTIVE, is_chair=True).exists()
    return committee.status in (Committee.Status.SCORING, Committee.Status.SCORED) and no_chair


def require_status(committee: Committee, *statuses: str) -> None:
    if committee.status not in statuses:
        raise Conflict(f"评标委员会当前状态为“{committee.get_status_display()}”，不能执行此操作",
                       code="committee_bad_state", details={"status": committee.status})


def valid_bids_short(committee: Committee) -> bool:
    """GP: fewer than 3 valid bids after rejections (否决) — the evaluation stops (87号令43)."""
    if committee.procurement == Committee.Procurement.ENGINEERING:
        return False
    return committee.bids.filter(disqualified=False).count() < rule("87号令43").value


def require_enough_valid_bids(committee: Committee) -> None:
    if valid_bids_short(committee):
        minimum = rule("87号令43").value
        raise Conflict(f"有效投标不足{minimum}家，评标终止（{cite('87号令43')}）", code="evaluation_stopped",
                       details={"rule": cite("87号令43"), "minimum": minimum,
                                "valid": committee.bids.filter(disqualified=False).count()})
