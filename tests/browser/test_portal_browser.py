"""Issue 2 acceptance: the public pages render in Chinese and every demo role reaches its own workbench."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from tests.browser_support import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DEMO_PASSWORD = "Demo-2026!"
WORKBENCHES = {
    "buyer1": "招标人/采购人工作台",
    "agency1": "招标代理机构工作台",
    "bidder1": "投标人/竞买人工作台",
    "expert1": "评标专家工作台",
    "operator1": "交易中心工作台",
    "regulator1": "行业主管部门工作台",
    "admin1": "综合管理部门工作台",
}


@pytest.fixture
def demo_data():
    call_command("seed_demo", verbosity=0)


def test_public_pages_render_in_chinese(page, demo_data):
    page.goto(page.base + "/")
    assert page.locator("header .brand").inner_text().strip().startswith("上海市公共资源交易平台")
    for platform in ("综合交易系统", "综合服务系统", "综合监管系统"):
        assert page.get_by_text(platform).first.is_visible()
    shot(page, "home")

    page.goto(page.base + "/catalogue/")
    body = page.locator("main").inner_text()
    for category in ("工程建设项目招标投标", "政府采购", "土地使用权出让", "碳排放权交易"):
        assert category in body
    shot(page, "catalogue")

    page.goto(page.base + "/register/")
    assert page.locator("form input[name*='uscc']").count() == 1
    shot(page, "register")

    page.goto(page.base + "/login/")
    assert page.locator("h1").inner_text() == "登录"
    shot(page, "login")


def test_registration_refuses_wrong_uscc_in_chinese_then_accepts_the_right_one(page, demo_data):
    from ggzy.core.codes import make_uscc
    from ggzy.parties.models import Entity

    good = make_uscc("91310115MA1K4ABC1")
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    page.goto(page.base + "/register/")
    form = page.locator("main form")
    form.locator("input[name=uscc]").fill(bad)
    form.locator("input[name=name]").fill("上海浏览器测试建设有限公司")
    form.locator("input[name=username]").fill("browser-reg")
    form.locator("input[name=password1]").fill("Strong-Pass-2026")
    form.locator("input[name=password2]").fill("Strong-Pass-2026")
    form.locator("button[type=submit]").click()
    assert "统一社会信用代码无效" in page.locator("main").inner_text()
    assert not Entity.objects.filter(name="上海浏览器测试建设有限公司").exists()
    shot(page, "register-error")

    form = page.locator("main form")
    form.locator("input[name=uscc]").fill(good)
    form.locator("input[name=password1]").fill("Strong-Pass-2026")
    form.locator("input[name=password2]").fill("Strong-Pass-2026")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    entity = Entity.objects.get(uscc=good)
    assert entity.status == Entity.Status.PENDING
    assert "统一社会信用代码无效" not in page.locator("main").inner_text()


@pytest.mark.parametrize("username,title", WORKBENCHES.items())
def test_each_demo_role_logs_in_and_sees_its_workbench(page, demo_data, username, title):
    page.goto(page.base + "/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("form.stacked button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/workbench/$"))
    assert page.locator("main h1").first.inner_text() == title
    shot(page, f"workbench-{username}")


def test_home_fits_a_phone_screen(phone_page, demo_data):
    phone_page.goto(phone_page.base + "/")
    overflow = phone_page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"page is {overflow}px wider than the phone screen"
    shot(phone_page, "home-phone")
