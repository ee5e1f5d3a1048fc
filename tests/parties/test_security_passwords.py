"""Passwords and API tokens (finding 17): self-service change, operator reset of market-entity users (a
temporary password that must be changed at the next login), shorter token life, token listing and revocation."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from ggzy.core.exceptions import Forbidden, InvalidInput, Throttled
from ggzy.core.models import AuditRecord
from ggzy.parties import services
from ggzy.parties.models import ApiToken, User
from ggzy.parties.roles import Role

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Xin-Mima-2026!strong"
START = dt.datetime(2026, 6, 1, 2, 0, tzinfo=dt.UTC)


def api(client, method, path, payload=None, **headers):
    kwargs = {"content_type": "application/json", **headers}
    if payload is not None:
        kwargs["data"] = json.dumps(payload)
    return getattr(client, method)(f"/api/v1{path}", **kwargs)


def login(username, password) -> Client:
    client = Client()
    response = client.post("/login/", {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def audit_payloads(action) -> list[dict]:
    return [r.payload for r in AuditRecord.objects.filter(action=action)]


# --- token lifetime, listing, revocation ------------------------------------------------------------------


def test_default_token_lifetime_is_twelve_hours(bidder_a):
    """Finding 17: API tokens live 12 hours by default (was 720)."""
    assert settings.GGZY_API_TOKEN_TTL_HOURS == 12
    with time_machine.travel(START, tick=False):
        token, _ = services.api_token_issue(actor=bidder_a, name="tool")
    assert token.expires_at - token.created_at <= dt.timedelta(hours=12, seconds=1)


def test_api_lists_own_tokens_without_secrets(client, bidder_a, bidder_b, bearer):
    """Finding 17: GET /me/tokens lists prefix, created, expires and last use, never the secret or hash."""
    services.api_token_issue(actor=bidder_b, name="someone else")
    headers = bearer(bidder_a)
    raw = headers["HTTP_AUTHORIZATION"].split()[1]
    response = api(client, "get", "/me/tokens", **headers)
    assert response.status_code == 200
    items = response.json()["items"]
    assert len(items) == 1
    item = items[0]
    assert item["prefix"] == raw[:12] and {"createdAt", "expiresAt", "lastUsedAt", "revokedAt", "id"} <= set(
        item
    )
    assert raw not in response.content.decode()
    assert ApiToken.objects.get(user=bidder_a).key_hash not in response.content.decode()


def test_api_revokes_own_token_but_not_anothers(client, bidder_a, bidder_b, bearer):
    """Finding 17: DELETE /me/tokens/{id} revokes one's own token; another user's is not found and stays."""
    theirs, _ = services.api_token_issue(actor=bidder_b, name="theirs")
    mine, _ = services.api_token_issue(actor=bidder_a, name="mine")
    headers = bearer(bidder_a)
    response = api(client, "delete", f"/me/tokens/{theirs.pk}", **headers)
    assert response.status_code == 404 and response.json()["code"] == "token_not_found"
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    response = api(client, "delete", f"/me/tokens/{mine.pk}", **headers)
    assert response.status_code == 200 and response.json()["revokedAt"]
    mine.refresh_from_db()
    assert mine.revoked_at is not None


def test_token_page_lists_and_revokes_in_the_account_area(bidder_a):
    """Finding 17: /account/tokens/ lists tokens (prefix only) and links to the password change."""
    token, raw = services.api_token_issue(actor=bidder_a, name="投标工具")
    client = login("bidder_a", PASSWORD)
    page = client.get("/account/tokens/").content.decode()
    assert token.prefix in page and raw not in page and "/account/password/" in page


# --- self-service password change -------------------------------------------------------------------------


def test_password_change_page_changes_password_keeps_this_session_and_ends_others(bidder_a):
    """Finding 17: changing one's password (old password required) revokes API tokens and other sessions."""
    _, raw = services.api_token_issue(actor=bidder_a, name="tool")
    other_browser = login("bidder_a", PASSWORD)
    client = login("bidder_a", PASSWORD)
    assert "修改密码" in client.get("/account/password/").content.decode()
    response = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    bidder_a.refresh_from_db()
    assert bidder_a.check_password(NEW_PASSWORD)
    assert client.get("/account/tokens/").status_code == 200  # this session stays
    assert other_browser.get("/account/tokens/").status_code == 302  # the other one is logged out
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert not ApiToken.objects.filter(user=bidder_a, revoked_at__isnull=True).exists()
    [payload] = audit_payloads("user.password_change")
    assert payload["tokensRevoked"] == 1 and PASSWORD not in json.dumps(payload)


def test_password_change_page_refuses_wrong_old_password_and_weak_new_one(bidder_a):
    """Finding 17: the old password is checked, Django's validators apply; nothing changes on refusal."""
    _, raw = services.api_token_issue(actor=bidder_a, name="tool")
    client = login("bidder_a", PASSWORD)
    response = client.post(
        "/account/password/",
        {"old_password": "wrong-old-password", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 422 and "原密码不正确" in response.content.decode()
    response = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 422 and "密码强度不足" in response.content.decode()
    bidder_a.refresh_from_db()
    assert bidder_a.check_password(PASSWORD)
    assert ApiToken.objects.filter(user=bidder_a, revoked_at__isnull=True).count() == 1
    assert not audit_payloads("user.password_change")


def test_password_change_api(client, bidder_a, bearer):
    """Finding 17: POST /me/password changes the password through the same service; errors are JSON."""
    headers = bearer(bidder_a)
    response = api(
        client,
        "post",
        "/me/password",
        {"oldPassword": "nope-nope-nope", "newPassword": NEW_PASSWORD},
        **headers,
    )
    assert response.status_code == 422 and response.json()["code"] == "wrong_password"
    response = api(
        client, "post", "/me/password", {"oldPassword": PASSWORD, "newPassword": NEW_PASSWORD}, **headers
    )
    assert response.status_code == 200 and response.json()["tokensRevoked"] == 1
    assert api(client, "get", "/me", **headers).status_code == 401  # the token used was revoked too
    bidder_a.refresh_from_db()
    assert bidder_a.check_password(NEW_PASSWORD)


def test_wrong_old_passwords_count_towards_the_login_throttle(bidder_a, settings):
    """Finding 17: guessing the old password on the change form is throttled like the login."""
    settings.GGZY_LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        with pytest.raises(InvalidInput):
            services.user_password_change(
                actor=bidder_a, old_password="guess-guess", new_password=NEW_PASSWORD
            )
    with pytest.raises(Throttled):
        services.user_password_change(actor=bidder_a, old_password=PASSWORD, new_password=NEW_PASSWORD)
    bidder_a.refresh_from_db()
    assert bidder_a.check_password(PASSWORD)


# --- operator reset ---------------------------------------------------------------------------------------


def test_operator_resets_a_bidder_who_must_change_it_at_next_login(operator, bidder_a):
    """Finding 17: the operator's reset gives a one-time temporary password; its first use forces a change."""
    _, raw = services.api_token_issue(actor=bidder_a, name="tool")
    old_session = login("bidder_a", PASSWORD)
    user, temporary = services.user_password_reset(actor=operator, username="bidder_a")
    assert user.must_change_password and temporary
    assert old_session.get("/account/tokens/").status_code == 302  # sessions ended
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    [payload] = audit_payloads("user.password_reset")
    assert temporary not in json.dumps(payload) and payload["username"] == "bidder_a"

    client = login("bidder_a", temporary)
    response = client.get("/account/keys/")
    assert response.status_code == 302 and response["Location"].startswith("/account/password/")
    response = api(client, "get", "/me")
    assert response.status_code == 403 and response.json()["code"] == "password_change_required"
    # No token either, until the temporary password is replaced.
    response = api(Client(), "post", "/auth/token", {"username": "bidder_a", "password": temporary})
    assert response.status_code == 403 and response.json()["code"] == "password_change_required"

    response = client.post(
        "/account/password/",
        {"old_password": temporary, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert client.get("/account/keys/").status_code == 200
    bidder_a.refresh_from_db()
    assert not bidder_a.must_change_password and not bidder_a.check_password(temporary)


def test_operator_reset_page_shows_the_temporary_password_once(operator, bidder_a):
    """Finding 17: the operator's page resets a market-entity user's password and shows it, never cached."""
    client = login("operator1", PASSWORD)
    page = client.get("/operator/users/?q=bidder_a").content.decode()
    assert "bidder_a" in page and "重置密码" in page
    response = client.post("/operator/users/bidder_a/password-reset/")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert "临时密码" in response.content.decode()
    bidder_a.refresh_from_db()
    assert bidder_a.must_change_password


@pytest.mark.parametrize("victim_role", [Role.OPERATOR, Role.REGULATOR, Role.ADMIN])
def test_operator_cannot_reset_staff_passwords(client, operator, center, make_user, bearer, victim_role):
    """Finding 17: an operator cannot reset the password of staff beside or above it (service, page, API)."""
    victim = make_user(victim_role, center, username=f"victim_{victim_role}")
    with pytest.raises(Forbidden) as exc:
        services.user_password_reset(actor=operator, username=victim.username)
    assert exc.value.code == "user_not_manageable"
    response = api(client, "post", f"/users/{victim.username}/password-reset", **bearer(operator))
    assert response.status_code == 403 and response.json()["code"] == "user_not_manageable"
    page_client = login("operator1", PASSWORD)
    assert page_client.post(f"/operator/users/{victim.username}/password-reset/").status_code == 403
    victim.refresh_from_db()
    assert victim.check_password(PASSWORD) and not victim.must_change_password
    assert not audit_payloads("user.password_reset")


def test_superuser_cannot_be_reset_by_an_operator(operator):
    """Finding 17: the superuser's password is out of an operator's reach."""
    User.objects.create_superuser("root", "root@example.cn", PASSWORD)
    with pytest.raises(Forbidden):
        services.user_password_reset(actor=operator, username="root")


def test_market_users_cannot_reset_anyones_password(client, bidder_a, bidder_b, bearer):
    """Finding 17: only operators (and admins) reset passwords."""
    with pytest.raises(Forbidden):
        services.user_password_reset(actor=bidder_a, username="bidder_b")
    response = api(client, "post", "/users/bidder_b/password-reset", **bearer(bidder_a))
    assert response.status_code == 403
    bidder_b.refresh_from_db()
    assert bidder_b.check_password(PASSWORD)


def test_operator_reset_api_returns_the_temporary_password(client, operator, bidder_a, bearer):
    """Finding 17: POST /users/{username}/password-reset returns the temporary password once, not cached."""
    response = api(client, "post", "/users/bidder_a/password-reset", **bearer(operator))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["mustChangePassword"] is True
    bidder_a.refresh_from_db()
    assert bidder_a.check_password(body["temporaryPassword"])


def test_admin_password_change_goes_through_the_account_page(client, operator):
    """Finding 17: Django admin's own password form (no token revocation, no audit) is not used."""
    client.force_login(operator)
    response = client.get("/admin/password_change/")
    assert response.status_code == 302 and response["Location"] == "/account/password/"


def test_workbench_links_to_password_change_and_user_management(operator, bidder_a):
    """Finding 17: the account area links the password page; operators also get account management."""
    page = login("operator1", PASSWORD).get("/workbench/").content.decode()
    assert "/account/password/" in page and "/operator/users/" in page
    page = login("bidder_a", PASSWORD).get("/workbench/").content.decode()
    assert "/account/password/" in page and "/operator/users/" not in page
