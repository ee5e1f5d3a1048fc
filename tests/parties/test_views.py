"""HTML pages: register, login/logout, operator review, keys, tokens — and who is refused."""

import json

import pytest
from django.test import Client

from ggzy.core.models import AuditRecord
from ggzy.parties.models import ApiToken, Entity, EntityKey, User
from ggzy.parties.roles import Role

from .conftest import PASSWORD, USCC_B
from .keys import p256_pair

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "uscc": USCC_B,
        "name": "上海乙工程有限公司",
        "kind": "enterprise",
        "role": "bidder",
        "username": "yi",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "display_name": "王五",
    }
    data.update(overrides)
    return data


def test_register_page_renders(client):
    response = client.get("/register/")
    assert response.status_code == 200
    assert "统一社会信用代码" in response.content.decode()


def test_register_creates_pending_entity_and_logs_in(client):
    response = client.post("/register/", form_data())
    assert response.status_code == 302 and response["Location"] == "/account/keys/"
    entity = Entity.objects.get(uscc=USCC_B)
    assert entity.status == Entity.Status.PENDING
    assert client.session["_auth_user_id"] == str(User.objects.get(username="yi").pk)
    page = client.get("/account/keys/").content.decode()
    assert "待审核" in page and "注册成功" in page


def test_register_wrong_uscc_shows_chinese_error_and_writes_nothing(client):
    response = client.post("/register/", form_data(uscc="91310000MA1FL0002X"))
    assert response.status_code == 422
    assert "统一社会信用代码无效：校验码不正确" in response.content.decode()
    assert not Entity.objects.exists() and not User.objects.exists() and not AuditRecord.objects.exists()


@pytest.mark.parametrize(
    ("uscc", "reason"), [("91310000MA1FL0002", "应为18位"), ("91310000MA1FL000IW", "不允许的字符")]
)
def test_register_short_or_bad_character_uscc_gets_the_uscc_message(client, uscc, reason):
    page = client.post("/register/", form_data(uscc=uscc)).content.decode()
    assert "统一社会信用代码无效" in page and reason in page
    assert not Entity.objects.exists()


def test_register_password_mismatch(client):
    response = client.post("/register/", form_data(password2="other-password-123"))
    assert "两次输入的密码不一致" in response.content.decode()
    assert not Entity.objects.exists()


def test_login_and_logout(client, bidder_a):
    assert "登录" in client.get("/login/").content.decode()
    response = client.post("/login/", {"username": "bidder_a", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/logout/").status_code == 405  # logout is POST only
    assert client.post("/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_login_requires_csrf(bidder_a):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/login/", {"username": "bidder_a", "password": PASSWORD})
    assert response.status_code == 403


def test_operator_sees_pending_and_approves(client, operator):
    Client().post("/register/", form_data())
    client.force_login(operator)
    page = client.get("/operator/entities/").content.decode()
    assert "上海乙工程有限公司" in page and USCC_B in page
    response = client.post(f"/operator/entities/{USCC_B}/review/", {"decision": "approve"})
    assert response.status_code == 302
    assert Entity.objects.get(uscc=USCC_B).status == Entity.Status.VERIFIED


def test_operator_reject_without_note_keeps_pending(client, operator):
    Client().post("/register/", form_data())
    client.force_login(operator)
    client.post(f"/operator/entities/{USCC_B}/review/", {"decision": "reject", "note": ""})
    assert Entity.objects.get(uscc=USCC_B).status == Entity.Status.PENDING
    assert "请填写审核意见" in client.get("/operator/entities/").content.decode()


@pytest.mark.parametrize(
    "role", [Role.BIDDER, Role.BUYER, Role.AGENCY, Role.EXPERT, Role.REGULATOR, Role.ADMIN]
)
def test_other_roles_refused_on_operator_pages(client, make_user, entity_a, role):
    Client().post("/register/", form_data())
    client.force_login(make_user(role, entity_a))
    assert client.get("/operator/entities/").status_code == 403
    response = client.post(f"/operator/entities/{USCC_B}/review/", {"decision": "approve"})
    assert response.status_code == 403 and "role_forbidden" in response.content.decode()
    assert Entity.objects.get(uscc=USCC_B).status == Entity.Status.PENDING
    assert not AuditRecord.objects.filter(action__in=["entity.approve", "entity.reject"]).exists()


def test_anonymous_redirected_to_login(client):
    for path in ["/operator/entities/", "/account/keys/", "/account/tokens/"]:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_keys_page_register_and_revoke(client, bidder_a):
    client.force_login(bidder_a)
    pair = p256_pair("web-sig")
    response = client.post("/account/keys/", {"jwk": json.dumps(pair.jwk)})
    assert response.status_code == 302
    assert "web-sig" in client.get("/account/keys/").content.decode()
    client.post("/account/keys/web-sig/revoke/")
    assert EntityKey.objects.get(kid="web-sig").revoked_at is not None


def test_keys_page_rejects_private_key_and_bad_json(client, bidder_a):
    client.force_login(bidder_a)
    response = client.post("/account/keys/", {"jwk": json.dumps({**p256_pair("p").jwk, "d": "AAAA"})})
    assert response.status_code == 422 and "不接受私钥" in response.content.decode()
    response = client.post("/account/keys/", {"jwk": "{not json"})
    assert "不是有效的 JSON" in response.content.decode()
    assert not EntityKey.objects.exists()


def test_keys_page_cannot_touch_other_entitys_keys(client, bidder_a, bidder_b):
    a = Client()
    a.force_login(bidder_a)
    a.post("/account/keys/", {"jwk": json.dumps(p256_pair("a-key").jwk)})
    client.force_login(bidder_b)
    response = client.post("/account/keys/a-key/revoke/")
    assert response.status_code == 404
    assert EntityKey.objects.get(kid="a-key").revoked_at is None
    assert "a-key" not in client.get("/account/keys/").content.decode()


def test_user_without_entity_refused_on_keys_page(client, make_user):
    client.force_login(make_user(Role.EXPERT))
    response = client.get("/account/keys/")
    assert response.status_code == 403 and "no_entity" in response.content.decode()


def test_tokens_page_shows_raw_token_once(client, bidder_a):
    client.force_login(bidder_a)
    response = client.post("/account/tokens/", {"name": "投标工具"})
    token = ApiToken.objects.get(user=bidder_a)
    page = response.content.decode()
    raw = page.split('token-once">')[1].split("<")[0]
    assert raw.startswith(token.prefix) and response["Cache-Control"] == "no-store"
    assert raw not in client.get("/account/tokens/").content.decode()
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    client.post(f"/account/tokens/{token.pk}/revoke/")
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_cannot_revoke_another_users_token_on_page(client, bidder_a, bidder_b):
    from ggzy.parties import services

    token, _ = services.api_token_issue(actor=bidder_a)
    client.force_login(bidder_b)
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_pages_link_stylesheet_and_viewport(client, bidder_a):
    client.force_login(bidder_a)
    page = client.get("/account/tokens/").content.decode()
    assert "parties/parties.css" in page and "width=device-width" in page


def test_workbench_lists_keys_and_tokens_entrances(client, bidder_a):
    client.force_login(bidder_a)
    page = client.get("/workbench/").content.decode()
    assert "/account/keys/" in page and "/account/tokens/" in page


def test_login_oversized_password_refused_without_attempt(client, bidder_a):
    from ggzy.parties.models import LoginAttempt

    response = client.post("/login/", {"username": "bidder_a", "password": "x" * 10_000})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert not LoginAttempt.objects.exists()
