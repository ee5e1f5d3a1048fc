"""JSON API: /api/v1/auth/token, /me, /entities…"""

import json

import pytest

from ggzy.core.models import AuditRecord
from ggzy.parties.models import ApiToken, Entity, EntityKey, User
from ggzy.parties.roles import Role

from .conftest import PASSWORD, USCC_A, USCC_B
from .keys import p256_pair

pytestmark = pytest.mark.django_db


def post(client, path, body, **headers):
    return client.post(f"/api/v1{path}", data=json.dumps(body), content_type="application/json", **headers)


def registration(uscc=USCC_A, username="jia"):
    return {
        "uscc": uscc,
        "name": "上海甲建设有限公司",
        "legalRepresentative": "张三",
        "user": {"username": username, "password": PASSWORD, "role": "bidder", "displayName": "李四"},
    }


def test_token_endpoint_issues_token(client, bidder_a):
    response = post(client, "/auth/token", {"username": "bidder_a", "password": PASSWORD})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"token", "expiresAt"}
    me = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {body['token']}").json()
    assert me["role"] == "bidder" and me["entity"]["uscc"] == USCC_A and me["roleName"] == "投标人/竞买人"


def test_token_endpoint_wrong_password(client, bidder_a):
    response = post(client, "/auth/token", {"username": "bidder_a", "password": "wrong"})
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"
    assert not ApiToken.objects.exists()


def test_me_requires_auth(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"


def test_self_registration_creates_pending_entity(client):
    response = post(client, "/entities", registration())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["entity"]["status"] == "pending" and body["entity"]["statusName"] == "待审核"
    assert User.objects.get(username="jia").entity.uscc == USCC_A


def test_wrong_uscc_gives_422_invalid_uscc_and_writes_nothing(client):
    before = (Entity.objects.count(), User.objects.count(), AuditRecord.objects.count())
    response = post(client, "/entities", registration(uscc="91310000MA1FL00010"))
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_uscc" and "统一社会信用代码" in body["message"]
    assert (Entity.objects.count(), User.objects.count(), AuditRecord.objects.count()) == before


def test_malformed_body_is_422_invalid_input(client):
    response = post(client, "/entities", {"uscc": USCC_A})
    assert response.status_code == 422 and response.json()["code"] == "invalid_input"
    assert not Entity.objects.exists()


def test_pending_entity_hidden_from_public_visible_to_own_user(client, bearer):
    post(client, "/entities", registration())
    assert client.get(f"/api/v1/entities/{USCC_A}").status_code == 404
    user = User.objects.get(username="jia")
    response = client.get(f"/api/v1/entities/{USCC_A}", **bearer(user))
    assert response.status_code == 200 and response.json()["status"] == "pending"


def test_verified_entity_is_public(client, entity_a):
    response = client.get(f"/api/v1/entities/{USCC_A.lower()}")
    assert response.status_code == 200 and response.json()["name"] == entity_a.name
    assert client.get("/api/v1/entities/BADCODE").json()["code"] == "invalid_uscc"


def test_operator_reviews_via_api(client, bearer, operator):
    post(client, "/entities", registration())
    response = post(client, f"/entities/{USCC_A}/review", {"decision": "approve"}, **bearer(operator))
    assert response.status_code == 200 and response.json()["status"] == "verified"


def test_bidder_cannot_review_via_api(client, bearer, bidder_b):
    post(client, "/entities", registration())
    response = post(client, f"/entities/{USCC_A}/review", {"decision": "approve"}, **bearer(bidder_b))
    assert response.status_code == 403 and response.json()["code"] == "role_forbidden"
    assert Entity.objects.get(uscc=USCC_A).status == Entity.Status.PENDING
    assert not AuditRecord.objects.filter(action__in=["entity.approve", "entity.reject"]).exists()


def test_review_requires_login(client):
    post(client, "/entities", registration())
    assert post(client, f"/entities/{USCC_A}/review", {"decision": "approve"}).status_code == 401


def test_keys_register_list_revoke(client, bearer, bidder_a):
    headers = bearer(bidder_a)
    pair = p256_pair("api-sig")
    response = post(client, f"/entities/{USCC_A}/keys", {"jwk": pair.jwk}, **headers)
    assert response.status_code == 201, response.content
    assert response.json()["fingerprint"]
    listing = client.get(f"/api/v1/entities/{USCC_A}/keys").json()
    assert [k["kid"] for k in listing["keys"]] == ["api-sig"]
    assert "d" not in listing["keys"][0]
    response = client.delete(f"/api/v1/entities/{USCC_A}/keys/api-sig", **headers)
    assert response.status_code == 200 and response.json()["revokedAt"]
    listing = client.get(f"/api/v1/entities/{USCC_A}/keys").json()
    assert listing["keys"] == [] and listing["items"][0]["revokedAt"]


def test_user_of_entity_b_cannot_register_keys_for_entity_a(client, bearer, bidder_a, bidder_b):
    response = post(client, f"/entities/{USCC_A}/keys", {"jwk": p256_pair("x").jwk}, **bearer(bidder_b))
    assert response.status_code == 403 and response.json()["code"] == "not_entity_member"
    assert not EntityKey.objects.exists()


def test_user_of_entity_b_cannot_revoke_keys_of_entity_a(client, bearer, bidder_a, bidder_b):
    post(client, f"/entities/{USCC_A}/keys", {"jwk": p256_pair("ka").jwk}, **bearer(bidder_a))
    response = client.delete(f"/api/v1/entities/{USCC_A}/keys/ka", **bearer(bidder_b))
    assert response.status_code == 403
    assert EntityKey.objects.get(kid="ka").revoked_at is None


def test_private_jwk_rejected_with_clear_code(client, bearer, bidder_a):
    jwk = {**p256_pair("priv").jwk, "d": "c2VjcmV0"}
    response = post(client, f"/entities/{USCC_A}/keys", {"jwk": jwk}, **bearer(bidder_a))
    assert response.status_code == 422 and response.json()["code"] == "private_key_rejected"
    assert not EntityKey.objects.exists()


def test_keys_of_unknown_entity_not_found(client, bearer, bidder_a):
    response = post(client, f"/entities/{USCC_B}/keys", {"jwk": p256_pair("x").jwk}, **bearer(bidder_a))
    assert response.status_code == 404


def test_session_api_post_requires_csrf(bidder_a):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(bidder_a)
    response = post(strict, f"/entities/{USCC_A}/keys", {"jwk": p256_pair("c").jwk})
    assert response.status_code in (401, 403)
    assert not EntityKey.objects.exists()


def test_me_for_user_without_entity(client, bearer, make_user):
    body = client.get("/api/v1/me", **bearer(make_user(Role.EXPERT, username="zhuanjia"))).json()
    assert body["role"] == "expert" and body["entity"] is None


def test_oversized_password_refused_before_hashing(client, bidder_a):
    response = post(client, "/auth/token", {"username": "bidder_a", "password": "x" * 100_000})
    assert response.status_code == 422 and response.json()["code"] == "invalid_input"
