"""In the browser: the 综合管理部门 reviews a sub-platform's upgrade filing (quality shown, low quality refused)."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ggzy.supervision.filing.models import Filing
from ggzy.supervision.filing.services import filing_submit
from tests.browser_support import shot
from tests.supervision.exchange import helpers
from tests.supervision.exchange.ocds_samples import package, release

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
UNIFIED = "上海市公共资源交易平台（建设工程交易分平台）"


def login(tab, username):
    tab.goto(tab.base + "/login/")
    tab.locator("input[name=username]").fill(username)
    tab.locator("input[name=password]").fill(helpers.PASSWORD)
    tab.locator("form.stacked button[type=submit]").click()
    tab.wait_for_url(re.compile(r".*/workbench/$"))


def file_plan(operator, title):
    return filing_submit(
        actor=operator,
        platform_code="jsgc",
        title=title,
        scope="电子招投标全流程改造",
        planned_start=dt.date(2026, 12, 1),
        planned_end=dt.date(2027, 3, 31),
        systems=[{"name": UNIFIED, "change": "rename"}],
        documents=[SimpleUploadedFile("方案.pdf", b"%PDF-1.4 plan")],
    )


def review(page, filing, reason):
    page.goto(page.base + f"/supervision/filings/{filing.pk}/")
    page.get_by_role("button", name="开始审核").click()
    page.wait_for_url(re.compile(rf".*/supervision/filings/{filing.pk}/$"))
    page.locator("textarea[name=reason]").fill(reason)
    page.get_by_role("button", name="准予备案").click()


def test_admin_reviews_a_filing_in_the_browser(page, tmp_path, settings):  # noqa: F811 — the fixture
    settings.MEDIA_ROOT = tmp_path
    works = helpers.entity("上海市住房和城乡建设管理委员会")
    helpers.catalogue(works_regulators=[works], goods_regulators=[helpers.entity("上海市财政局")])
    _, token = helpers.registered_source()
    operator = helpers.user("operator", helpers.entity("上海市公共资源交易中心"))
    helpers.user(helpers.ADMIN, helpers.entity("上海市发展和改革委员会"), username="fgw-reviewer")

    # No data reported yet: approval is refused with the threshold in Chinese, nothing changes.
    poor = file_plan(operator, "数据未报送时的升级备案")
    login(page, "fgw-reviewer")
    review(page, poor, "同意")
    assert "低于备案准予门槛60分" in page.locator("main").inner_text()
    poor.refresh_from_db()
    assert poor.status == Filing.Status.UNDER_REVIEW

    # Good data reported: the page shows the score, approval goes through.
    body = package([release(n) for n in range(1, 4)])
    response = Client().post(
        "/api/v1/exchange/releases",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 201
    good = file_plan(operator, "建设工程交易分平台电子化升级")
    page.goto(page.base + f"/supervision/filings/{good.pk}/")
    assert "数据质量考核" in page.locator("main").inner_text()
    assert page.locator("#filing-quality tbody tr").count() == 3
    review(page, good, "方案可行，准予备案")
    page.wait_for_url(re.compile(rf".*/supervision/filings/{good.pk}/$"))
    assert page.locator("#filing-status").inner_text() == "准予备案"
    shot(page, "supervision-filing-approved")
    good.refresh_from_db()
    assert good.status == Filing.Status.APPROVED and good.decision_reason == "方案可行，准予备案"
