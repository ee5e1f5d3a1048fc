from __future__ import annotations

import json

import pytest
from jwcrypto import jwk as jwcrypto_jwk

from ggzy.core.codes import make_uscc
from ggzy.parties import services
from ggzy.parties.models import Entity, User
from ggzy.parties.roles import Role

PASSWORD = "Zhaobiao-2026!secure"
USCC_A = make_uscc("91310000MA1FL0001")
USCC_B = make_uscc("91310000MA1FL0002")
USCC_C = make_uscc("12310000MB0000003")


@pytest.fixture(scope="session")
def rsa3072_private():
    return jwcrypto_jwk.JWK.generate(kty="RSA", size=3072)


@pytest.fixture
def rsa_jwk(rsa3072_private):
    data = json.loads(rsa3072_private.export_public())
    data.update(kid="enc-1", use="enc", alg="RSA-OAEP-256")
    return data


@pytest.fixture
def make_entity(db):
    def make(uscc=USCC_A, name="上海甲建设有限公司", verified=True):
        return services.entity_create(actor=None, uscc=uscc, name=name, verified=verified)

    return make


@pytest.fixture
def make_user(db):
    counter = iter(range(1, 10_000))

    def make(role=Role.BIDDER, entity: Entity | None = None, username=None, password=PASSWORD) -> User:
        return services.user_create(
            actor=None,
            username=username or f"{role}{next(counter)}",
            password=password,
            role=role,
            entity_uscc=entity.uscc if entity else None,
        )

    return make


@pytest.fixture
def entity_a(make_entity):
    return make_entity(USCC_A, "上海甲建设有限公司")


@pytest.fixture
def entity_b(make_entity):
    return make_entity(USCC_B, "上海乙工程有限公司")


@pytest.fixture
def center(make_entity):
    return make_entity(USCC_C, "上海市公共资源交易中心")


@pytest.fixture
def bidder_a(make_user, entity_a):
    return make_user(Role.BIDDER, entity_a, username="bidder_a")


@pytest.fixture
def bidder_b(make_user, entity_b):
    return make_user(Role.BIDDER, entity_b, username="bidder_b")


@pytest.fixture
def operator(make_user, center):
    return make_user(Role.OPERATOR, center, username="operator1")


@pytest.fixture
def bearer():
    def headers(user):
        _, raw = services.api_token_issue(actor=user, name="test")
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return headers
