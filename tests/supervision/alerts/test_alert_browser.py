"""In the browser: sub-platform intake → scan → the regulator checks the alert, uploads evidence, closes it.

Also renders the statistics dashboard and the data-quality page with that data (screenshots in var/screenshots).
"""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from ggzy.supervision.redflags.models import Alert
from ggzy.supervision.redflags.scanning import scan_pending

try:
    from tests.browser_support import shot  # fixtures registered for the whole suite by tests/conftest.py
except ImportError:  # before the harness moved out of tests/browser/conftest.py
    from tests.browser.conftest import browser, insecure_cookies, page, shot  # noqa: F401
from tests.supervision.exchange import helpers
from tests.supervision.exchange.ocds_samples import package

from .test_intake_to_alert import cartel_tender, honest_tender

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(tab, username):
    tab.goto(tab.base + "/login/")
    tab.locator("input[name=username]").fill(username)
    tab.locator("input[name=password]").fill(helpers.PASSWORD)
    tab.locator("form.stacked button[type=submit]").click()
    tab.wait_for_url(re.compile(r".*/workbench/$"))


def test_intake_to_alert_handling_in_the_browser(page, tmp_path, settings):  # noqa: F811 — the fixture
    settings.MEDIA_ROOT = tmp_path
    works = helpers.entity("上海市住房和城乡建设管理委员会")
    goods = helpers.entity("上海市财政局")
    helpers.catalogue(works_regulators=[works], goods_regulators=[goods])
    _, token = helpers.registered_source()
    body = package([cartel_tender(n) for n in range(1, 9)] + [honest_tender(n) for n in range(9, 20)])
    response = Client().post(
        "/api/v1/exchange/releases",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 201
    scan_pending()
    helpers.user(helpers.REGULATOR, works, username="zjw-inspector")
    helpers.user(helpers.REGULATOR, goods, username="czj-inspector")

    login(page, "czj-inspector")  # another regulator: sees none of it
    page.goto(page.base + "/supervision/alerts/")
    assert "暂无预警" in page.locator("main").inner_text()

    page.context.clear_cookies()
    login(page, "zjw-inspector")
    page.goto(page.base + "/supervision/alerts/")
    rows = page.locator("main table tbody tr")
    assert rows.count() == 9  # 8 tenders + 1 group
    shot(page, "supervision-alerts")
    page.locator("main table tbody tr a").first.click()
    page.wait_for_url(re.compile(r".*/supervision/alerts/\d+/$"))
    alert_id = int(page.url.rstrip("/").rsplit("/", 1)[1])
    page.locator("select[name=to]").select_option("investigating")
    page.locator("form[action$='/transition/'] textarea[name=note]").fill("调取投标文件和保证金缴纳记录")
    page.locator("form[action$='/transition/'] button[type=submit]").click()
    page.wait_for_url(re.compile(rf".*/supervision/alerts/{alert_id}/$"))
    assert "核查中" in page.locator("dl.facts").inner_text()

    evidence = tmp_path / "核查报告.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% evidence\n")
    page.locator("select[name=to]").select_option("confirmed")
    page.locator("form[action$='/transition/'] textarea[name=note]").fill(
        "同一电脑制作投标文件、同一账户缴纳保证金，属实"
    )
    page.locator("form[action$='/transition/'] input[type=file]").set_input_files(str(evidence))
    page.locator("form[action$='/transition/'] button[type=submit]").click()
    page.wait_for_url(re.compile(rf".*/supervision/alerts/{alert_id}/$"))
    assert "属实" in page.locator("dl.facts").inner_text()
    assert page.locator("a", has_text="核查报告.pdf").count() == 1
    shot(page, "supervision-alert-confirmed")
    alert = Alert.objects.get(pk=alert_id)
    assert alert.status == "confirmed" and alert.attachments.count() == 1

    page.goto(page.base + "/supervision/statistics/?dimension=district")
    assert page.locator("svg").count() == 7
    shot(page, "supervision-statistics")
    page.goto(page.base + "/supervision/exchange/quality/?month=" + alert.created_at.strftime("%Y-%m"))
    assert "建设工程交易分平台" in page.locator("main").inner_text()
    shot(page, "supervision-quality")
