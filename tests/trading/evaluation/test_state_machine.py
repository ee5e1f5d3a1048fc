"""The committee and the member's seat change state only through their tables
(ggzy.trading.evaluation.states).

Fixed: replacing the chair no longer sends a committee back to 已组建. After scoring the committee goes back
to 评审中 (the successor scores, like any replaced member's); during scoring it stays there. The members
elect a new chair while scoring goes on; only the chair prepares the report.
"""

from __future__ import annotations

import pytest

from ggzy.core.exceptions import Conflict, Forbidden
from ggzy.core.models import AuditRecord
from ggzy.trading.evaluation import services
from ggzy.trading.evaluation.models import Committee, Member, Submission
from ggzy.trading.evaluation.states import COMMITTEE, MEMBER

from .conftest import redrawn_expert
from .test_scoring import score_all, sheet

pytestmark = pytest.mark.django_db


def _moves(committee):
    return [
        (r.payload["from"], r.payload["to"])
        for r in AuditRecord.objects.filter(
            target_type="evaluation.committee", target_id=str(committee.pk)
        ).order_by("id")
        if "from" in r.payload
    ]


def test_replacing_the_chair_after_scoring_returns_to_scoring_not_formed(seated, parties):
    """Scored, the chair replaced: 评分完成 → 评审中 (audited), never 已组建; a new chair is elected while
    scoring goes on, the successor scores, and the new chair prepares the report."""
    committee, members = seated()
    score_all(committee, members)
    assert committee.status == Committee.Status.SCORED
    services.member_replace(
        actor=parties["agency_user"], member=members[0], reason="发现与投标人存在利害关系"
    )
    committee.refresh_from_db()
    assert committee.status == Committee.Status.SCORING
    assert _moves(committee)[-1] == ("scored", "scoring")
    assert ("scored", "formed") not in _moves(committee)
    assert services.chair_election_open(committee)
    new = services.member_add(
        actor=parties["agency_user"],
        committee=committee,
        replaces=members[0],
        expert=redrawn_expert(committee),
    )
    services.member_enter(actor=new.user, committee=committee)
    for m in [new, *members[1:]]:
        if services.chair_vote(actor=m.user, committee=committee, candidate=members[1]):
            break
    committee.refresh_from_db()
    assert committee.status == Committee.Status.SCORING and not services.chair_election_open(committee)
    services.score_submit(actor=new.user, committee=committee, scores=sheet(committee, 0))
    report = services.report_prepare(actor=members[1].user, committee=committee)
    assert report.candidates
    assert _moves(committee)[-2:] == [("scoring", "scored"), ("scored", "reported")]


def test_replacing_the_chair_during_scoring_keeps_scoring(seated, parties):
    """Mid-scoring the chair leaves: the committee stays 评审中 and the others go on scoring."""
    committee, members = seated()
    services.score_submit(actor=members[1].user, committee=committee, scores=sheet(committee, 1))
    services.member_replace(
        actor=parties["agency_user"], member=members[0], reason="发现与投标人存在利害关系"
    )
    committee.refresh_from_db()
    assert committee.status == Committee.Status.SCORING
    services.score_submit(actor=members[2].user, committee=committee, scores=sheet(committee, 2))
    assert Submission.objects.filter(member__committee=committee).count() == 2


def test_no_second_chair_election_while_a_chair_serves(seated):
    """Once scoring runs with a chair, a chair vote is refused."""
    committee, members = seated()
    with pytest.raises(Conflict) as exc:
        services.chair_vote(actor=members[1].user, committee=committee, candidate=members[1])
    assert exc.value.code == "committee_bad_state"


def test_the_tables_refuse_moves_they_do_not_list(seated, parties):
    """评审中 → 已组建 and 已更换 → 在任 are not in the tables: refused, nothing written."""
    committee, members = seated()
    audited = AuditRecord.objects.count()
    with pytest.raises(Conflict) as exc:
        COMMITTEE.move(committee, Committee.Status.FORMED, actor=None)
    assert exc.value.code == "committee_bad_state"
    assert "“评审中”" in exc.value.message and "“已组建”" in exc.value.message
    services.member_replace(actor=parties["agency_user"], member=members[3], reason="身体原因")
    record = AuditRecord.objects.filter(action="evaluation.member_status_changed").get()
    assert (record.payload["from"], record.payload["to"]) == ("active", "replaced")
    audited = AuditRecord.objects.count()
    with pytest.raises(Conflict):
        MEMBER.move(Member.objects.get(pk=members[3].pk), Member.Status.ACTIVE, actor=None)
    assert AuditRecord.objects.count() == audited
    assert Committee.objects.get(pk=committee.pk).status == Committee.Status.SCORING
    with pytest.raises(Forbidden):
        services.score_submit(actor=members[3].user, committee=committee, scores=sheet(committee, 3))
