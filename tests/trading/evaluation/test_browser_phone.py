"""In the browser on a phone screen: a drawn expert confirms, signs the avoidance statement, scores
and signs the report. The other members act through the same services."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from ggzy.core import clock
from ggzy.core.audit_seal import seal_due
from ggzy.hub.experts import services as expert_services
from ggzy.hub.experts.models import Invitation
from ggzy.trading.evaluation import services
from ggzy.trading.evaluation.models import Committee, ReportSignature, Submission

from .conftest import BIDS, TEMPLATE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def login(page, user):
    page.goto(page.base + "/login/")
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill("pw-not-used-123")
    page.locator("form.stacked button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/workbench/$"))


def test_expert_confirms_scores_and_signs_on_a_phone(phone_page, parties, make_experts):
    page = phone_page
    make_experts(5)
    start = clock.now() + dt.timedelta(hours=2)
    draw = expert_services.draw_request(
        actor=parties["agency_user"],
        section_ref="SH-PHONE-01",
        buyer_uscc=parties["buyer"].uscc,
        agency_uscc=parties["agency"].uscc,
        bidder_usccs=[b["bidderUscc"] for b in BIDS],
        regulator_usccs=[],
        evaluation_at=start,
        lines=[{"specialty": "B0201", "count": 4}],
    )
    seal_due(force=True)
    expert_services.draws_advance()
    invitations = list(
        Invitation.objects.filter(line__draw=draw).select_related("expert__user").order_by("index")
    )
    me = invitations[0]
    login(page, me.expert.user)
    page.goto(page.base + "/experts/invitations/")
    page.locator(f"#invitation-{me.pk} button[value=accept]").click()
    page.wait_for_url(re.compile(r".*/experts/invitations/$"))
    me.refresh_from_db()
    assert me.outcome == "accepted"
    for inv in invitations[1:]:
        expert_services.invitation_respond(actor=inv.expert.user, invitation=inv, accept=True)

    committee = services.committee_form(
        actor=parties["agency_user"],
        section_ref="SH-PHONE-01",
        procurement="goods",
        budget="800000",
        method="comprehensive",
        starts_at=clock.now(),
        buyer_uscc=parties["buyer"].uscc,
        agency_uscc=parties["agency"].uscc,
        buyer_reps=[parties["buyer_user"]],
        items=TEMPLATE,
        bids=BIDS,
        draw=draw,
    )
    members = list(committee.members.order_by("id"))
    mine = next(m for m in members if m.user_id == me.expert.user_id)
    url = f"{page.base}/evaluation/{committee.pk}/"
    page.goto(url)
    page.locator("#statement button[type=submit]").click()
    page.wait_for_url(url)
    others = [m for m in members if m.pk != mine.pk]
    for m in others:
        services.member_enter(actor=m.user, committee=committee)
    for m in [mine, *others]:
        if services.chair_vote(actor=m.user, committee=committee, candidate=others[0]):
            break
    page.goto(url)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, "scoring page must fit a phone screen"
    for bid in committee.bids.all():
        page.locator(f"input[name=s-{bid.pk}-T]").fill("88")
        page.locator(f"input[name=s-{bid.pk}-C]").fill("76.5")
    page.locator("#score-form button[type=submit]").click()
    page.wait_for_url(url)
    assert Submission.objects.filter(member=mine).exists()
    for m in others:
        services.score_submit(
            actor=m.user,
            committee=committee,
            scores={b.pk: {"T": "80", "C": "70"} for b in committee.bids.all()},
        )
    services.report_prepare(actor=others[0].user, committee=committee)
    page.goto(url)
    assert page.locator("#ranking li").count() == 3
    page.locator("#sign-report button[type=submit]").click()
    page.wait_for_url(url)
    assert ReportSignature.objects.filter(member=mine).exists()
    for m in others:
        services.report_sign(actor=m.user, committee=committee)
    committee.refresh_from_db()
    assert committee.status == Committee.Status.SIGNED
