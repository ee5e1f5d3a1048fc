"""Helpers for the cross-role browser test (tests/trading/test_e2e_browser.py): parties, experts, browser
contexts per role, the worker and the clock."""

from __future__ import annotations

import itertools

import time_machine

from ggzy.core.codes import id_check_digit, make_uscc
from ggzy.parties.models import Entity, User
from ggzy.parties.roles import Role
from tests.trading.tendering.conftest import bidder_entity, make_entity, make_user

PASSWORD = "x-Secret-123"
_seq = itertools.count(1)


def seed_reference_data() -> None:
    """Rows the flow needs that a transactional test's flush may have removed (idempotent)."""
    from ggzy.core.calendar_data import seed_package_days
    from ggzy.core.models import CalendarDay
    from ggzy.portal.demo import install_demo_catalogue
    from ggzy.trading.tendering.models import ProcedureType
    from ggzy.trading.tendering.procedure_data import seed_procedure_types

    if not CalendarDay.objects.filter(date__year=2026).exists():
        seed_package_days(CalendarDay)
    seed_procedure_types(ProcedureType)
    install_demo_catalogue()


def make_parties(n_bidders: int = 3) -> dict:
    buyer = make_entity("上海市某某区建设管理中心", kind=Entity.Kind.INSTITUTION)
    agency = make_entity("上海某招标代理有限公司")
    bidders = [bidder_entity(i) for i in range(1, n_bidders + 1)]
    return {
        "buyer": make_user("buyer", Role.BUYER, buyer),
        "agency": make_user("agency", Role.AGENCY, agency),
        "bidders": [make_user(f"bidder{i}", Role.BIDDER, e) for i, e in enumerate(bidders, start=1)],
        "operator": make_user("operator", Role.OPERATOR, None),
    }


def register_experts(roles, n: int, *, specialty: str) -> list[User]:
    """Experts apply on /experts/profile/ from their phones; the operator approves them on /operator/experts/.
    Only the user accounts are made directly."""
    from ggzy.hub.experts.models import Expert

    users = []
    for _ in range(n):
        k = next(_seq)
        body = f"31011519750203{k % 1000:03d}"
        user = make_user(f"expert{k}", Role.EXPERT, None)
        phone = roles.page(user.username, phone=True)
        phone.goto(phone.base + "/experts/profile/")
        form = phone.locator("#expert-profile")
        form.locator("input[name=name]").fill(f"评委{k}")
        form.locator("input[name=id_number]").fill(body + id_check_digit(body))
        form.locator("input[name=region]").fill("静安区")
        form.locator("input[name=title]").fill("教授级高级工程师")
        form.locator(f"input[name=specialties][value={specialty}]").check()
        form.locator("input[name=employer_uscc]").fill(make_uscc(f"91310000{800 + k:09d}"))
        form.locator("input[name=employer_name]").fill(f"某设计院{k}")
        form.locator("input[name=employer_since]").fill("2000-01-01")
        submit(phone, "#expert-profile button[type=submit]")
        assert Expert.objects.filter(user=user, status=Expert.Status.PENDING).exists(), phone.inner_text(
            "main"
        )[:400]
        users.append(user)
    operator = roles.page("operator")
    for user in users:
        code = Expert.objects.get(user=user).expert_code
        operator.goto(operator.base + "/operator/experts/")
        submit(operator, f"#expert-{code} button[value=approve]")
        assert Expert.objects.get(user=user).status == Expert.Status.ACTIVE
    return users


class Clock:
    """One time-machine traveller at a time, no ticking; the live server (same process) follows."""

    def __init__(self):
        self._t = None

    def at(self, moment):
        if self._t is not None:
            self._t.stop()
        self._t = time_machine.travel(moment, tick=False)
        self._t.start()

    def stop(self):
        if self._t is not None:
            self._t.stop()
            self._t = None


def run_worker(times: int = 2) -> None:
    """What `ggzy worker` does on each poll: due transitions, audit seals, draws, the notice feed."""
    from ggzy.core.worker import run_once

    for _ in range(times):
        run_once()


class Roles:
    """One browser context per role; each logs in through /login/ with the form."""

    def __init__(self, browser, base: str):
        self.browser, self.base, self.contexts, self.pages = browser, base, [], {}

    def page(self, username: str, *, phone: bool = False):
        if username in self.pages:
            return self.pages[username]
        if phone:
            ctx = self.browser.new_context(
                locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True
            )
        else:
            ctx = self.browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        self.contexts.append(ctx)
        page = ctx.new_page()
        page.set_default_timeout(20_000)
        page.base = self.base
        page.goto(self.base + "/login/")
        page.locator("main input[name=username]").fill(username)
        page.locator("main input[name=password]").fill(PASSWORD)
        page.locator("main form.stacked button[type=submit]").click()
        page.wait_for_load_state()
        assert "/login/" not in page.url, f"login failed for {username}"
        self.pages[username] = page
        return page

    def sessions_expired(self):
        """After a jump of weeks the server-side sessions (two weeks) have expired: everyone logs in again."""
        self.close()
        self.contexts, self.pages = [], {}

    def close(self):
        for ctx in self.contexts:
            ctx.close()


def submit(page, selector: str) -> None:
    """Click a submit button and wait for the page the POST redirects to."""
    with page.expect_navigation():
        page.click(selector)
    page.wait_for_load_state()
