"""Permission helpers other apps call, and the admin site for operators."""

import pytest
from django.contrib.auth.models import AnonymousUser

from ggzy.core.exceptions import Forbidden, NotAuthenticated
from ggzy.parties import services
from ggzy.parties.models import Entity
from ggzy.parties.permissions import (
    require_entity_member,
    require_login,
    require_role,
    require_verified_entity,
)
from ggzy.parties.roles import Role
from ggzy.parties.selectors import entities_visible_to

from .conftest import PASSWORD, USCC_B

pytestmark = pytest.mark.django_db


def test_require_login_and_role(bidder_a, operator):
    with pytest.raises(NotAuthenticated):
        require_login(AnonymousUser())
    with pytest.raises(NotAuthenticated):
        require_role(None, Role.BIDDER)
    assert require_role(bidder_a, Role.BIDDER, Role.BUYER) is bidder_a
    with pytest.raises(Forbidden) as exc:
        require_role(bidder_a, Role.OPERATOR)
    assert exc.value.code == "role_forbidden" and "交易中心" in exc.value.message
    bidder_a.is_active = False
    with pytest.raises(NotAuthenticated):
        require_role(bidder_a, Role.BIDDER)


def test_require_verified_entity(bidder_a, entity_a, make_user):
    assert require_verified_entity(bidder_a) == entity_a
    pending, user = services.entity_register(uscc=USCC_B, name="乙", username="yi", password=PASSWORD)
    with pytest.raises(Forbidden) as exc:
        require_verified_entity(user)
    assert exc.value.code == "entity_not_verified" and "待审核" in exc.value.message
    with pytest.raises(Forbidden) as exc:
        require_verified_entity(make_user(Role.EXPERT))
    assert exc.value.code == "no_entity"


def test_require_entity_member(bidder_a, bidder_b, entity_a):
    assert require_entity_member(bidder_a, entity_a) == entity_a
    with pytest.raises(Forbidden):
        require_entity_member(bidder_b, entity_a)


def test_entities_visible_to(bidder_a, operator, entity_a):
    _, pending_user = services.entity_register(uscc=USCC_B, name="乙", username="yi", password=PASSWORD)
    pending = Entity.objects.get(uscc=USCC_B)
    assert pending not in entities_visible_to(bidder_a)
    assert pending not in entities_visible_to(None)
    assert pending in entities_visible_to(pending_user)
    assert pending in entities_visible_to(operator)


def test_admin_for_operators_only(client, operator, bidder_a, entity_a):
    client.force_login(operator)
    assert client.get("/admin/parties/entity/").status_code == 200
    assert client.get("/admin/parties/apitoken/").status_code == 200
    assert client.get(f"/admin/parties/entity/{entity_a.pk}/delete/").status_code == 403
    client.force_login(bidder_a)
    assert client.get("/admin/parties/entity/").status_code == 302  # not staff: sent to the admin login


def test_admin_user_change_is_audited(client, operator, bidder_a):
    from ggzy.core.models import AuditRecord

    client.force_login(operator)
    url = f"/admin/parties/user/{bidder_a.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"display_name": "新名字", "phone": "", "email": "", "is_active": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    bidder_a.refresh_from_db()
    assert bidder_a.display_name == "新名字"
    assert AuditRecord.objects.filter(action="user.admin_change", target_id=str(bidder_a.pk)).exists()


def test_passwords_hashed_with_argon2(settings, entity_a):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = services.user_create(
        actor=None, username="strong", password=PASSWORD, role=Role.BIDDER, entity_uscc=entity_a.uscc
    )
    assert user.password.startswith("argon2$argon2id$")
    assert PASSWORD not in user.password


def test_session_and_csrf_cookies_secure_when_debug_off(client, bidder_a):
    from django.conf import settings as django_settings

    assert not django_settings.DEBUG
    assert django_settings.SESSION_COOKIE_SECURE and django_settings.CSRF_COOKIE_SECURE
    assert django_settings.SESSION_COOKIE_HTTPONLY
    response = client.post("/login/", {"username": "bidder_a", "password": PASSWORD})
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["secure"] and cookie["httponly"]
