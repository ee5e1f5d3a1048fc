"""The committee page and the evaluation services ask the same rule (``evaluation/rules.py``): for every
viewer at each stage of a committee, the refusal the page computes is the one the service raises — and when
the page offers the action, the service accepts it."""

from __future__ import annotations

import pytest
from django.db import transaction

from ggzy.core.exceptions import GgzyError
from ggzy.trading.evaluation import rules, services
from ggzy.trading.evaluation.models import Member

from .test_scoring import sheet

pytestmark = pytest.mark.django_db


class _Undo(Exception):
    pass


def service_answer(call, user, committee) -> str | None:
    """The code the service refuses with, or ``None`` when it accepts — its writes rolled back either way."""
    try:
        with transaction.atomic():
            call(user, committee)
            raise _Undo
    except _Undo:
        return None
    except GgzyError as error:
        return error.code


def page_answer(refusal_rule, user, committee) -> str | None:
    seat = Member.objects.filter(committee=committee, user=user).order_by("-id").first()
    refusal = refusal_rule(seat, committee)
    return None if refusal is None else refusal.code


ACTIONS = {
    "score": (
        rules.score_refusal,
        rules.may_score,
        lambda user, c: services.score_submit(actor=user, committee=c, scores=sheet(c, 0)),
    ),
    "disqualify": (
        rules.disqualify_refusal,
        rules.may_disqualify,
        lambda user, c: services.bid_disqualify(actor=user, committee=c, bid=c.bids.first(), reason="x"),
    ),
    "prepare": (
        rules.report_prepare_refusal,
        rules.may_prepare_report,
        lambda user, c: services.report_prepare(actor=user, committee=c),
    ),
    "sign": (
        rules.report_sign_refusal,
        rules.may_sign_report,
        lambda user, c: services.report_sign(actor=user, committee=c),
    ),
}


def assert_page_and_service_agree(committee, users):
    committee.refresh_from_db()
    for name, (refusal_rule, may, call) in ACTIONS.items():
        for user in users:
            page = page_answer(refusal_rule, user, committee)
            seat = Member.objects.filter(committee=committee, user=user).order_by("-id").first()
            assert may(seat, committee) is (page is None), (name, user)
            assert service_answer(call, user, committee) == page, (name, user, committee.status)


def test_page_and_service_agree_at_every_stage(seated, parties):
    """Scoring, scored, reported: chair, member, outsider and the agency get the same answer from the page
    predicate and the service (``chair_only``, ``not_member``, ``committee_bad_state``, ``already_submitted``,
    ``already_signed``)."""
    committee, members = seated(procurement="engineering")
    users = [members[0].user, members[1].user, parties["agency_user"]]
    assert_page_and_service_agree(committee, users)
    for k, m in enumerate(members):
        services.score_submit(actor=m.user, committee=committee, scores=sheet(committee, k))
    assert_page_and_service_agree(committee, users)
    services.report_prepare(actor=members[0].user, committee=committee)
    services.report_sign(actor=members[1].user, committee=committee)
    assert_page_and_service_agree(committee, users)


def test_a_replaced_member_is_refused_alike(seated, parties):
    """条例48: the replaced member's seat is void — page and service both answer ``member_replaced``."""
    committee, members = seated(procurement="engineering")
    services.member_replace(actor=parties["agency_user"], member=members[2], reason="与投标人存在利害关系")
    for refusal_rule, _, call in ACTIONS.values():
        committee.refresh_from_db()
        assert page_answer(refusal_rule, members[2].user, committee) == "member_replaced"
        assert service_answer(call, members[2].user, committee) == "member_replaced"
