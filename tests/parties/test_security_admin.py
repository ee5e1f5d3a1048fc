"""Django's admin: one login throttle (finding 2) and no operator power over staff (finding 3)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import override_settings

from ggzy.core.exceptions import Forbidden
from ggzy.core.models import AuditRecord
from ggzy.parties import services
from ggzy.parties.models import LoginAttempt, User
from ggzy.parties.permissions import can_manage_user
from ggzy.parties.roles import Role

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 6, 1, 2, 0, tzinfo=dt.UTC)


def admin_login(client, username, password, ip="10.0.0.7"):
    return client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def portal_login(client, username, password, ip="10.0.0.7"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@override_settings(GGZY_LOGIN_MAX_FAILURES=3, GGZY_LOGIN_WINDOW_SECONDS=600)
def test_admin_login_locks_after_n_failures_even_for_the_right_password(client, operator):
    """Finding 2: after N wrong passwords on /admin/login/ the right password is refused too."""
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(3):
            response = admin_login(client, "operator1", "wrong-password")
            assert response.status_code == 200 and not logged_in(client)
        response = admin_login(client, "operator1", PASSWORD)
        assert not logged_in(client)
        assert "锁定" in response.content.decode()
        traveller.shift(dt.timedelta(seconds=601))
        response = admin_login(client, "operator1", PASSWORD)
        assert response.status_code == 302 and logged_in(client)


@override_settings(GGZY_LOGIN_MAX_FAILURES=3, GGZY_LOGIN_WINDOW_SECONDS=600)
def test_admin_login_attempts_are_recorded_like_portal_logins(client, operator):
    """Finding 2: the admin login records every checked attempt the same way as the portal login."""
    with time_machine.travel(START, tick=False):
        admin_login(client, "Operator1", "wrong-password", ip="10.0.0.8")
        portal_login(client, "operator1", "wrong-password", ip="10.0.0.8")
        rows = list(LoginAttempt.objects.order_by("id").values("username", "ip", "succeeded", "channel"))
    assert rows == [{"username": "operator1", "ip": "10.0.0.8", "succeeded": False, "channel": "web"}] * 2


@override_settings(GGZY_LOGIN_MAX_FAILURES=3, GGZY_LOGIN_WINDOW_SECONDS=600)
def test_admin_and_portal_logins_share_one_throttle(client, operator):
    """Finding 2: failures on the portal lock the admin login and the other way round (one throttle)."""
    with time_machine.travel(START, tick=False):
        portal_login(client, "operator1", "wrong-password")
        admin_login(client, "operator1", "wrong-password")
        portal_login(client, "operator1", "wrong-password")
        admin_login(client, "operator1", PASSWORD)
        assert not logged_in(client)
        portal_login(client, "operator1", PASSWORD)
        assert not logged_in(client)


def test_admin_login_still_refuses_non_staff_with_the_right_password(client, bidder_a):
    """Finding 2: the throttled admin login keeps Django's rule that only staff enter the admin."""
    response = admin_login(client, "bidder_a", PASSWORD)
    assert response.status_code == 200 and not logged_in(client)
    assert LoginAttempt.objects.filter(username="bidder_a", succeeded=True).count() == 1


# --- Finding 3: who may change whom -----------------------------------------------------------------------


@pytest.fixture
def staff(make_user, center):
    admin_user = make_user(Role.ADMIN, center, username="admin1")
    other_operator = make_user(Role.OPERATOR, center, username="operator2")
    regulator = make_user(Role.REGULATOR, center, username="regulator1")
    root = User.objects.create_superuser("root", "root@example.cn", PASSWORD)
    return {"admin": admin_user, "operator": other_operator, "regulator": regulator, "superuser": root}


def admin_change(client, target: User, **fields):
    data = {
        "display_name": target.display_name,
        "phone": target.phone,
        "email": target.email,
        "is_active": "on" if target.is_active else "",
        **fields,
    }
    data = {k: v for k, v in data.items() if v != ""}
    return client.post(f"/admin/parties/user/{target.pk}/change/", data)


@pytest.mark.parametrize("victim", ["admin", "operator", "regulator", "superuser"])
def test_operator_cannot_deactivate_or_edit_staff_through_the_admin(client, operator, staff, victim):
    """Finding 3: an operator cannot deactivate or edit an admin, the superuser, a regulator or another operator."""
    target = staff[victim]
    client.force_login(operator)
    assert client.get(f"/admin/parties/user/{target.pk}/change/").status_code in (200, 403)
    response = admin_change(client, target, is_active="", display_name="被改了")
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.is_active and target.display_name != "被改了"
    assert not AuditRecord.objects.filter(action="user.admin_change", target_id=str(target.pk)).exists()


def test_operator_change_form_for_staff_is_read_only(client, operator, staff):
    """Finding 3: the admin shows staff accounts to operators without any editable field."""
    client.force_login(operator)
    page = client.get(f"/admin/parties/user/{staff['admin'].pk}/change/").content.decode()
    assert 'name="is_active"' not in page and 'name="display_name"' not in page


def test_operator_still_manages_market_entity_users(client, operator, bidder_a):
    """Finding 3: operators keep (de)activating market-entity users, audited."""
    client.force_login(operator)
    response = admin_change(client, bidder_a, is_active="")
    assert response.status_code == 302
    bidder_a.refresh_from_db()
    assert not bidder_a.is_active
    assert AuditRecord.objects.filter(action="user.admin_change", target_id=str(bidder_a.pk)).exists()


def test_admin_role_manages_operators_but_not_admins_or_the_superuser(client, staff, operator):
    """Finding 3: the 综合管理部门 role manages staff below it, never another admin or the superuser."""
    client.force_login(staff["admin"])
    assert admin_change(client, operator, is_active="").status_code == 302
    operator.refresh_from_db()
    assert not operator.is_active
    other_admin = services.user_create(
        actor=staff["admin"], username="admin2", password=PASSWORD, role=Role.ADMIN
    )
    for target in (other_admin, staff["superuser"]):
        assert admin_change(client, target, is_active="").status_code == 403
        target.refresh_from_db()
        assert target.is_active


def test_can_manage_user_rules(operator, staff, bidder_a, make_user, entity_a):
    """Finding 3: one rule for every path (admin site, API and pages): who may manage which account."""
    expert = make_user(Role.EXPERT, username="expert1")
    assert can_manage_user(operator, bidder_a) and can_manage_user(operator, expert)
    for victim in staff.values():
        assert not can_manage_user(operator, victim)
    assert not can_manage_user(operator, operator)  # own account: the account pages, not management
    assert not can_manage_user(bidder_a, expert)
    assert can_manage_user(staff["superuser"], staff["admin"])


def test_user_update_service_refuses_operator_on_staff(operator, staff):
    """Finding 3: the service behind the admin refuses too, and changes nothing."""
    target = staff["regulator"]
    with pytest.raises(Forbidden) as exc:
        services.user_update(actor=operator, user=target, changes={"is_active": False})
    assert exc.value.code == "user_not_manageable"
    target.refresh_from_db()
    assert target.is_active
