"""Who may do what on a committee, asked by the pages (which offer an action only when it would be accepted)
and enforced by the services, so a page and its rule cannot disagree.

Each action has one ``<action>_refusal(member, committee)`` saying why not (the refusal the service raises,
with its stable code) or ``None``; the page's ``may_<action>`` is "no refusal". Pure: facts in, answer out
(``member`` is the viewer's latest seat on the committee, ``None`` when they have none)."""

from __future__ import annotations

from ggzy.core.exceptions import Conflict, Forbidden, GgzyError

from .models import Committee, Member

Refusal = GgzyError | None


def member_replaced(status: str) -> bool:
    """条例48: the member left; opinions and scores given are void."""
    return status == Member.Status.REPLACED


def seat_refusal(member: Member | None) -> Refusal:
    """The viewer holds an active seat on the committee."""
    if member is None:
        return Forbidden("您不是本项目评标委员会成员", code="not_member")
    if member.status != Member.Status.ACTIVE:
        return Forbidden("您已被更换，不能继续评审（意见无效）", code="member_replaced")
    return None


def statement_refusal(member: Member) -> Refusal:
    if member.statement_signed_at is None:
        return Conflict("请先签署回避声明", code="avoidance_statement_required")
    return None


def chair_refusal(member: Member | None) -> Refusal:
    """Actions the committee's chair performs for it."""
    refusal = seat_refusal(member)
    if refusal is None and not member.is_chair:
        return Forbidden("此操作由评标委员会主任执行", code="chair_only")
    return refusal


def status_refusal(committee: Committee, *statuses: str) -> Refusal:
    if committee.status not in statuses:
        return Conflict(
            f"评标委员会当前状态为“{committee.get_status_display()}”，不能执行此操作",
            code="committee_bad_state",
            details={"status": committee.status},
        )
    return None


def _first(*checks) -> Refusal:
    """The first refusal of ``checks`` (callables, asked in order so later ones may assume earlier passed)."""
    for check in checks:
        refusal = check()
        if refusal is not None:
            return refusal
    return None


def score_refusal(member: Member | None, committee: Committee) -> Refusal:
    """A seated member (statement signed) scores once, while the committee is scoring."""
    return _first(
        lambda: seat_refusal(member),
        lambda: statement_refusal(member),
        lambda: status_refusal(committee, Committee.Status.SCORING),
        lambda: (
            Conflict("评分已提交，不能修改", code="already_submitted")
            if hasattr(member, "submission")
            else None
        ),
    )


def disqualify_refusal(member: Member | None, committee: Committee) -> Refusal:
    """The chair disqualifies a bid (with reasons) during scoring or once scored."""
    return _first(
        lambda: chair_refusal(member),
        lambda: status_refusal(committee, Committee.Status.SCORING, Committee.Status.SCORED),
    )


def report_prepare_refusal(member: Member | None, committee: Committee) -> Refusal:
    """The chair prepares the report once all scores are in."""
    return _first(lambda: chair_refusal(member), lambda: status_refusal(committee, Committee.Status.SCORED))


def report_sign_refusal(member: Member | None, committee: Committee) -> Refusal:
    """Each active member signs the prepared report once."""
    return _first(
        lambda: seat_refusal(member),
        lambda: status_refusal(committee, Committee.Status.REPORTED),
        lambda: Conflict("已签署评标报告", code="already_signed") if hasattr(member, "signature") else None,
    )


def may_score(member: Member | None, committee: Committee) -> bool:
    return score_refusal(member, committee) is None


def may_disqualify(member: Member | None, committee: Committee) -> bool:
    return disqualify_refusal(member, committee) is None


def may_prepare_report(member: Member | None, committee: Committee) -> bool:
    return report_prepare_refusal(member, committee) is None


def may_sign_report(member: Member | None, committee: Committee) -> bool:
    return report_sign_refusal(member, committee) is None
