"""The tendering flow in Debian's Chromium across roles: the buyer publishes, a bidder registers, asks,
seals its bid in the browser (bidder.js, WebCrypto), decrypts it at the opening, and the portal shows
the public notices."""

from __future__ import annotations

import datetime as dt

import pytest

from ggzy.hub.publication.feed import feed_assign_positions
from ggzy.trading.tendering.models import Bid, Tender
from ggzy.trading.tendering.services.bids import bid_submit
from ggzy.trading.tendering.services.opening import bid_key_submit
from ggzy.trading.tendering.services.participation import question_answer, registration_create
from tests.browser_support import shot

from .conftest import DEADLINE, START, cek_for, keys_for, register_keys, seal_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSPHRASE = "投标口令 browser 2026"


def login(page, username):
    page.goto(page.base + "/login/")
    page.locator("main input[name=username]").fill(username)
    page.locator("main input[name=password]").fill("x-Secret-123")
    page.locator("main form.stacked button[type=submit]").click()
    page.wait_for_load_state()


def test_publish_bid_in_the_browser_and_open_it(page, reseeded, parties, clock_at, tmp_path):
    from ggzy.trading.tendering.bidder_client.sealing import export_key_file

    clock_at(START)
    buyer, bidder = parties["buyer"], parties["bidders"][0]
    login(page, "buyer")
    page.goto(page.base + "/trading/new/")
    page.fill("#f-title", "浏览器测试道路工程")
    page.fill("#f-district", "310115")
    page.fill("#f-tender_period_end", "2026-03-23T09:30:00")
    page.fill("[name=sections-0-title]", "施工")
    page.fill("[name=sections-0-estimated_price]", "5000000")
    page.fill("[name=sections-0-ceiling_price]", "4900000")
    page.click("[data-testid=save-draft]")
    page.wait_for_load_state()
    assert "2026-03-23" in page.inner_text("[data-testid=earliest]")
    page.click("[data-testid=publish]")
    page.wait_for_load_state()
    tender = Tender.objects.get(title="浏览器测试道路工程")
    assert tender.status == "published"
    section = tender.sections.get()

    page.context.clear_cookies()
    login(page, "bidder1")
    register_keys(bidder)
    page.goto(page.base + f"/trading/tenders/{tender.pk}/")
    page.click("[data-testid=register]")
    page.wait_for_load_state()
    page.fill("#q-text", "是否接受联合体投标？")
    page.click("[data-testid=ask]")
    page.wait_for_load_state()
    q = tender.questions.get()
    question_answer(actor=buyer, question=q, answer="不接受联合体投标。")

    keyfile = tmp_path / "bidder1.key.json"
    keyfile.write_bytes(export_key_file(keys_for(bidder.entity.uscc), PASSPHRASE))
    pdf = tmp_path / "技术标.pdf"
    pdf.write_bytes(b"%PDF-1.7\n% browser marker BRW-7731\n")
    page.goto(page.base + f"/trading/sections/{section.pk}/bid/")
    page.set_input_files("#b-key", str(keyfile))
    page.fill("#b-pass", PASSPHRASE)
    page.fill("#b-price", "4,812,345.60")
    page.fill("#b-days", "300")
    page.set_input_files("#b-files", str(pdf))
    page.click("[data-testid=seal-submit]")
    page.wait_for_selector("[data-testid=my-bid]", timeout=60_000)
    shot(page, "tendering-bid-submitted")
    bid = Bid.objects.get(bidder=bidder.entity, status="submitted")
    assert "BRW-7731" not in bid.manifest

    for user, price in zip(parties["bidders"][1:3], ["4900000.00", "4850000.00"], strict=True):
        registration_create(actor=user, section=section)
        register_keys(user)
        sealed = seal_for(user, section, price)
        other = bid_submit(
            actor=user, section=section, envelope=sealed["envelope"], manifest=sealed["manifest"]
        )
        user._sealed, user._bid = sealed, other

    clock_at(DEADLINE + dt.timedelta(minutes=2))
    page.context.clear_cookies()
    login(page, "bidder1")
    page.goto(page.base + f"/trading/sections/{section.pk}/opening/")
    page.set_input_files("#o-key", str(keyfile))
    page.fill("#o-pass", PASSPHRASE)
    page.click("[data-testid=open-submit]")
    for _ in range(120):  # PBKDF2 (600,000 rounds) + RSA unwrap in the browser, then the POST
        bid.refresh_from_db()
        if bid.status != "submitted":
            break
        page.wait_for_timeout(500)
    assert page.locator("[data-testid=open-form] [data-ggzy-status]").get_attribute("data-state") != "error"
    assert bid.status == "decrypted" and str(bid.price_amount) == "4812345.60"
    for user in parties["bidders"][1:3]:
        bid_key_submit(actor=user, bid=user._bid, cek=cek_for(user, user._sealed["envelope"]))
    page.goto(page.base + f"/trading/sections/{section.pk}/opening/")
    table = page.inner_text("[data-testid=opening-table]")
    assert bidder.entity.name in table and "4812345.60" in table
    shot(page, "tendering-opening-revealed")

    feed_assign_positions()
    page.goto(page.base + "/notices/")
    text = page.inner_text("main")
    assert "浏览器测试道路工程" in text and "开标记录" in text
