"""The whole tendering + evaluation spine in Debian's Chromium, one browser context per role:
publish → register → question/answer → sealed bids → deadline → decryption at the opening → expert draw →
confirmations → committee → avoidance statements, chair, scores, signed report → candidate publicity →
award → contract signed by both parties → the portal lists every public notice.

Not through pages: creating the user accounts (parties, experts) and — while the opening page does not render
its form in the publicity state (the view's ``can_object`` only covers opening/opened) — the losing bidder's
publicity objection, which then goes through the service (the agency answers it on the page); the operator's
publication of the draw record (API only, no page; nothing in tendering calls it at the award). Time moves with time-machine; the due
transitions run through the worker (`ggzy.core.worker.run_once`), as in production.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from ggzy.hub.experts.models import Draw, Invitation
from ggzy.trading.evaluation.models import Committee
from ggzy.trading.tendering.models import Bid, Tender
from tests.browser_support import shot
from tests.trading.tendering.conftest import DEADLINE, SH, START, keys_for

from .e2e_helpers import Clock, Roles, make_parties, register_experts, run_worker, seed_reference_data, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSPHRASE = "投标口令 e2e 2026"
TITLE = "端到端测试某某路改建工程"
PRICES = ["4812345.60", "4900000.00", "4750000.00"]
EVALUATION_AT = dt.datetime(2026, 3, 23, 14, 0, tzinfo=SH)


def _wait_until(page, check, *, tries=120):
    for _ in range(tries):
        if check():
            return True
        page.wait_for_timeout(500)
    return check()


def test_tender_to_contract_across_roles(browser, live_server, insecure_cookies, tmp_path):
    from ggzy.trading.tendering.bidder_client.sealing import export_key_file

    clock = Clock()
    roles = Roles(browser, live_server.url)
    try:
        clock.at(START)
        seed_reference_data()
        parties = make_parties(3)
        bidders = parties["bidders"]
        experts = register_experts(roles, 6, specialty="B0201")
        shot(roles.page("operator"), "e2e-00-experts-vetted")

        # 1. The agency drafts and publishes the tender for the buyer.
        agency = roles.page("agency")
        agency.goto(agency.base + "/trading/new/")
        agency.fill("#f-title", TITLE)
        agency.fill("#f-buyer", parties["buyer"].entity.uscc)
        agency.fill("#f-district", "310115")
        agency.fill("#f-tender_period_end", "2026-03-23T09:30:00")
        agency.fill("[name=sections-0-title]", "施工")
        agency.fill("[name=sections-0-estimated_price]", "5000000")
        agency.fill("[name=sections-0-ceiling_price]", "4900000")
        submit(agency, "[data-testid=save-draft]")
        assert "2026-03-23" in agency.inner_text("[data-testid=earliest]")
        submit(agency, "[data-testid=publish]")
        tender = Tender.objects.get(title=TITLE)
        assert tender.status == "published" and tender.agency_id == parties["agency"].entity_id
        section = tender.sections.get()
        shot(agency, "e2e-01-published")
        detail = f"/trading/tenders/{tender.pk}/"

        # 2. Three bidders register; one asks a question; the agency answers (published as a clarification).
        keyfiles = {}
        for user in bidders:
            page = roles.page(user.username)
            page.goto(page.base + detail)
            submit(page, "[data-testid=register]")
            assert page.locator("[data-testid=bid-link]").count() == 1
            # The bidder registers its public keys (encryption + signature JWKs) on /account/keys/.
            for jwk in keys_for(user.entity.uscc).public_jwks():
                page.goto(page.base + "/account/keys/")
                page.fill("main form.stacked [name=jwk]", json.dumps(jwk))
                submit(page, "main form.stacked button[type=submit]")
                assert jwk["kid"] in page.inner_text("main"), page.inner_text("main")[:400]
            keyfiles[user.username] = tmp_path / f"{user.username}.key.json"
            keyfiles[user.username].write_bytes(export_key_file(keys_for(user.entity.uscc), PASSPHRASE))
        b1 = roles.page("bidder1")
        b1.goto(b1.base + detail)
        b1.fill("#q-text", "是否接受联合体投标？")
        submit(b1, "[data-testid=ask]")
        question = tender.questions.get()
        agency.goto(agency.base + detail)
        agency.fill(f"#a-{question.pk}", "不接受联合体投标。")
        submit(agency, "[data-testid=answer]")
        question.refresh_from_db()
        assert question.answer == "不接受联合体投标。"
        agency.goto(agency.base + detail)
        agency.fill("#c-body", "补充说明：工期以300日历天为上限。")
        submit(agency, "form[action$='/clarify/'] button[type=submit]")
        assert tender.clarifications.count() == 2  # the answer and this one, both published
        b1.goto(b1.base + detail)
        assert "不接受联合体投标。" in b1.inner_text("main") and "工期以300日历天为上限" in b1.inner_text(
            "main"
        )
        shot(b1, "e2e-02-question-answered")

        # 3. Each bidder seals its bid in the browser (bidder.js, WebCrypto) and uploads it.
        for user, price in zip(bidders, PRICES, strict=True):
            page = roles.page(user.username)
            pdf = tmp_path / f"技术标-{user.username}.pdf"
            pdf.write_bytes(f"%PDF-1.7\n% marker E2E-{user.username}\n".encode())
            page.goto(page.base + f"/trading/sections/{section.pk}/bid/")
            page.set_input_files("#b-key", str(keyfiles[user.username]))
            page.fill("#b-pass", PASSPHRASE)
            page.fill("#b-price", price)
            page.fill("#b-days", "300")
            page.set_input_files("#b-files", str(pdf))
            page.click("[data-testid=seal-submit]")
            page.wait_for_selector("[data-testid=my-bid]", timeout=60_000)
            bid = Bid.objects.get(bidder=user.entity, section=section, status="submitted")
            assert f"E2E-{user.username}" not in bid.manifest
        shot(roles.page("bidder3"), "e2e-03-bids-sealed")

        # 4. Deadline passes; each bidder decrypts its own bid in the browser at the opening.
        clock.at(DEADLINE + dt.timedelta(minutes=2))
        roles.sessions_expired()
        run_worker()
        for user in bidders:
            page = roles.page(user.username)
            page.goto(page.base + f"/trading/sections/{section.pk}/opening/")
            page.set_input_files("#o-key", str(keyfiles[user.username]))
            page.fill("#o-pass", PASSPHRASE)
            page.click("[data-testid=open-submit]")
            bid = Bid.objects.get(bidder=user.entity, section=section)
            assert _wait_until(page, lambda b=bid: type(b).objects.get(pk=b.pk).status != "submitted")
            assert (
                page.locator("[data-testid=open-form] [data-ggzy-status]").get_attribute("data-state")
                != "error"
            )
            assert Bid.objects.get(pk=bid.pk).status == "decrypted"
        run_worker()
        section.refresh_from_db()
        assert section.status == "opened", section.status
        agency = roles.page("agency")
        agency.goto(agency.base + f"/trading/sections/{section.pk}/opening/")
        table = agency.inner_text("[data-testid=opening-table]")
        assert all(p in table for p in PRICES) and all(u.entity.name in table for u in bidders)
        shot(agency, "e2e-04-opening-revealed")

        # 5. The agency requests an expert draw on the page; the worker seals the commitment and draws.
        clock.at(dt.datetime(2026, 3, 23, 10, 30, tzinfo=SH))
        agency.goto(agency.base + "/draws/")
        form = agency.locator("#draw-request")
        form.locator("input[name=section_ref]").fill(section.code)
        form.locator("input[name=buyer_uscc]").fill(parties["buyer"].entity.uscc)
        form.locator("textarea[name=bidder_usccs]").fill("\n".join(u.entity.uscc for u in bidders))
        form.locator("input[name=evaluation_at]").fill("2026-03-23T14:00")
        form.locator("select[name=lines-0-specialty]").select_option("B0201")
        form.locator("input[name=lines-0-count]").fill("5")
        submit(agency, "#draw-request button[type=submit]")
        draw = Draw.objects.get(section_ref=section.code)
        assert re.search(rf"/draws/{draw.draw_id}/$", agency.url), agency.url
        shot(agency, "e2e-05-draw-requested")

        # 6. Drawn experts confirm on their phones until the draw is complete.
        clock.at(dt.datetime(2026, 3, 23, 10, 35, tzinfo=SH))
        by_user = {u.pk: u for u in experts}
        for _ in range(10):
            run_worker()
            pending = list(
                Invitation.objects.filter(line__draw=draw, outcome="pending").select_related("expert")
            )
            if not pending:
                break
            for inv in pending:
                phone = roles.page(by_user[inv.expert.user_id].username, phone=True)
                phone.goto(phone.base + "/experts/invitations/")
                submit(phone, f"#invitation-{inv.pk} button[value=accept]")
                inv.refresh_from_db()
                assert inv.outcome == "accepted"
        draw.refresh_from_db()
        assert draw.status == "complete", draw.status
        assert Invitation.objects.filter(line__draw=draw, outcome="accepted").count() == 5
        shot(phone, "e2e-06-expert-confirmed")

        # 7. The agency forms the committee from the draw.
        agency.goto(agency.base + f"/evaluation/new/?draw={draw.draw_id}")
        agency.select_option("#committee-form select[name=procurement]", "engineering")
        submit(agency, "#committee-form button[type=submit]")
        m = re.search(r"/evaluation/(\d+)/$", agency.url)
        assert m, agency.url + " " + agency.inner_text("main")[:500]
        committee = Committee.objects.get(pk=int(m.group(1)))
        members = list(committee.members.select_related("user").order_by("id"))
        assert len(members) == 5
        url = f"/evaluation/{committee.pk}/"
        shot(agency, "e2e-07-committee-formed")

        # 8. At the evaluation time each expert signs the avoidance statement, votes the chair, scores.
        clock.at(EVALUATION_AT + dt.timedelta(minutes=5))
        phones = {mem.pk: roles.page(mem.user.username, phone=True) for mem in members}
        for mem in members:
            p = phones[mem.pk]
            p.goto(p.base + url)
            submit(p, "#statement button[type=submit]")
        for mem in members:
            committee.refresh_from_db()
            if committee.status != "formed":
                break
            p = phones[mem.pk]
            p.goto(p.base + url)
            submit(p, "#chair-vote button[type=submit]")
        committee.refresh_from_db()
        assert committee.status == "scoring", committee.status
        chair = committee.members.get(is_chair=True)
        bids = list(committee.bids.all())
        for n, mem in enumerate(members):
            p = phones[mem.pk]
            p.goto(p.base + url)
            for k, bid in enumerate(bids):
                p.fill(f"input[name=s-{bid.pk}-T]", str(80 + k * 3 + n % 2))
                p.fill(f"input[name=s-{bid.pk}-C]", str(75 + k * 2))
            if n == 0:
                shot(p, "e2e-08-scoring-phone")
            submit(p, "#score-form button[type=submit]")
        committee.refresh_from_db()
        assert committee.status == "scored", committee.status

        # 9. The chair prepares the report; every member signs it; the report goes to tendering.
        p = phones[chair.pk]
        p.goto(p.base + url)
        submit(p, "form[action$='/report/'] button[type=submit]")
        assert p.locator("#ranking li").count() == 3
        for mem in members:
            p = phones[mem.pk]
            p.goto(p.base + url)
            submit(p, "#sign-report button[type=submit]")
        committee.refresh_from_db()
        assert committee.status == "handed_over", committee.status  # signed, then accepted by tendering
        shot(p, "e2e-09-report-signed")
        section.refresh_from_db()
        assert section.status == "publicity", section.status
        agency.goto(agency.base + f"/trading/sections/{section.pk}/opening/")
        assert "中标候选人" in agency.inner_text("main")
        shot(agency, "e2e-10-publicity")

        # A losing bidder objects to the candidates (publicity pauses); the agency answers on the page.
        loser = next(
            u for u in bidders if not section.candidates.filter(rank=1, bid__bidder=u.entity).exists()
        )
        lp = roles.page(loser.username)
        lp.goto(lp.base + f"/trading/sections/{section.pk}/opening/")
        lp.fill("#pobj", "第一中标候选人业绩证明存疑，请核实。")
        submit(lp, "form[action$='/publicity-objection/'] button[type=submit]")
        section.refresh_from_db()
        assert section.status == "paused", section.status
        objection = section.publicity_objections.get()
        agency.goto(agency.base + f"/trading/sections/{section.pk}/opening/")
        agency.fill(f"#pa-{objection.pk}", "经核实，业绩证明真实有效。")
        submit(agency, "form[action$='/answer/'] button[type=submit]")
        section.refresh_from_db()
        assert section.status == "publicity", section.status

        # 10. Publicity ends; the worker moves the section on; the agency awards to the first candidate.
        clock.at(section.publicity_end + dt.timedelta(hours=1))
        run_worker()
        section.refresh_from_db()
        assert section.status == "award_pending", section.status
        agency.goto(agency.base + f"/trading/sections/{section.pk}/opening/")
        submit(agency, "form[action$='/award/'] button[type=submit] >> nth=0")
        section.refresh_from_db()
        assert section.status == "awarded", section.status
        shot(agency, "e2e-11-awarded")
        winner = next(u for u in bidders if u.entity_id == section.award.bid.bidder_id)

        # 11. The buyer and the winner each sign the contract on the tender page.
        buyer = roles.page("buyer")
        buyer.goto(buyer.base + detail)
        submit(buyer, "form[action*='/contracts/'] button[type=submit]")
        wp = roles.page(winner.username)
        wp.goto(wp.base + detail)
        submit(wp, "[data-testid=supplier-sign]")
        section.refresh_from_db()
        assert section.status == "contracted", section.status
        assert (
            section.contract.status == "signed"
            and section.contract.buyer_signed_at
            and section.contract.supplier_signed_at
        )
        shot(wp, "e2e-12-contract-signed")

        # 12. The portal lists every public notice of the tender.
        run_worker()
        anon = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        roles.contexts.append(anon)
        portal = anon.new_page()
        portal.goto(live_server.url + "/notices/")
        titles = portal.locator("main").inner_text()
        for title in (
            f"{TITLE} 招标公告",
            f"{TITLE} 澄清/变更公告（第1号）",
            f"{TITLE} 澄清/变更公告（第2号）",
            f"{TITLE} 施工 开标记录",
            f"{TITLE} 施工 中标候选人公示",
            f"{TITLE} 施工 中标结果公告",
            f"{TITLE} 施工 合同公告",
        ):
            assert title in titles, title
        shot(portal, "e2e-13-portal-notices")

        # The award published the expert list with the result (87号令69): the portal lists the verifiable record.
        draw.refresh_from_db()
        assert draw.published_at is not None
        portal.goto(live_server.url + "/draws/published/")
        assert draw.draw_id in portal.inner_text("main")
        portal.goto(live_server.url + f"/draws/{draw.draw_id}/public/")
        assert draw.commitment in portal.inner_text("main")
        shot(portal, "e2e-14-draw-published")
    finally:
        roles.close()
        clock.stop()
