"""Entity state machine beyond the first review: suspend, reinstate, resubmit; registration spam guard."""

import json

import pytest
from django.test import Client, override_settings

from ggzy.core.exceptions import Conflict, Forbidden, InvalidInput, Throttled
from ggzy.core.models import AuditRecord
from ggzy.parties import services
from ggzy.parties.models import Entity
from ggzy.parties.permissions import require_verified_entity

from .conftest import PASSWORD, USCC_A, USCC_B

pytestmark = pytest.mark.django_db


def status(uscc):
    return Entity.objects.get(uscc=uscc).status


def test_suspend_needs_reason_and_blocks_trading(operator, bidder_a):
    with pytest.raises(InvalidInput):
        services.entity_suspend(actor=operator, uscc=USCC_A, note="")
    services.entity_suspend(actor=operator, uscc=USCC_A, note="失信被执行人")
    bidder_a.refresh_from_db()
    with pytest.raises(Forbidden) as exc:
        require_verified_entity(bidder_a)
    assert exc.value.code == "entity_not_verified"
    services.entity_reinstate(actor=operator, uscc=USCC_A)
    assert status(USCC_A) == "verified"
    assert [r.action for r in AuditRecord.objects.filter(action__startswith="entity.s")] == ["entity.suspend"]


def test_transitions_refused_from_wrong_state(operator, entity_a):
    with pytest.raises(Conflict) as exc:
        services.entity_reinstate(actor=operator, uscc=USCC_A)
    assert exc.value.code == "entity_not_suspended"
    services.entity_suspend(actor=operator, uscc=USCC_A, note="x")
    with pytest.raises(Conflict):
        services.entity_suspend(actor=operator, uscc=USCC_A, note="again")


def test_bidder_cannot_suspend(bidder_a, bidder_b):
    with pytest.raises(Forbidden):
        services.entity_suspend(actor=bidder_b, uscc=USCC_A, note="竞争对手")
    assert status(USCC_A) == "verified"


def test_rejected_entity_resubmits(operator):
    _, user = services.entity_register(uscc=USCC_B, name="乙", username="yi", password=PASSWORD)
    with pytest.raises(Conflict) as exc:
        services.entity_resubmit(actor=user)
    assert exc.value.code == "entity_not_rejected"
    services.entity_review(actor=operator, uscc=USCC_B, approve=False, note="名称与执照不符")
    services.entity_resubmit(actor=user, note="已更正名称")
    assert status(USCC_B) == "pending"
    services.entity_review(actor=operator, uscc=USCC_B, approve=True)
    assert status(USCC_B) == "verified"


def test_api_suspend_reinstate_resubmit(client, bearer, operator, bidder_a, bidder_b):
    def post(path, body, user):
        return client.post(
            f"/api/v1{path}", data=json.dumps(body), content_type="application/json", **bearer(user)
        )

    assert post(f"/entities/{USCC_A}/suspend", {"note": "x"}, bidder_b).status_code == 403
    response = post(f"/entities/{USCC_A}/suspend", {"note": "暂停"}, operator)
    assert response.status_code == 200 and response.json()["status"] == "suspended"
    assert post(f"/entities/{USCC_A}/reinstate", {}, operator).json()["status"] == "verified"
    assert post(f"/entities/{USCC_A}/resubmit", {}, bidder_a).json()["code"] == "entity_not_rejected"
    assert post(f"/entities/{USCC_B}/resubmit", {}, bidder_a).status_code == 403


def test_operator_page_suspend_and_reinstate(client, operator, entity_a, entity_b):
    client.force_login(operator)
    page = client.get("/operator/entities/", {"q": "乙工程"}).content.decode()
    assert USCC_B in page and USCC_A not in page
    client.post(f"/operator/entities/{USCC_A}/suspend/", {"note": ""})
    assert status(USCC_A) == "verified"
    client.post(f"/operator/entities/{USCC_A}/suspend/", {"note": "违规"})
    assert status(USCC_A) == "suspended"
    client.post(f"/operator/entities/{USCC_A}/reinstate/")
    assert status(USCC_A) == "verified"


def test_bidder_refused_on_suspend_page(client, bidder_b, entity_a):
    client.force_login(bidder_b)
    assert client.post(f"/operator/entities/{USCC_A}/suspend/", {"note": "x"}).status_code == 403
    assert status(USCC_A) == "verified"


def test_resubmit_button_on_keys_page(client, operator):
    c = Client()
    c.post(
        "/register/",
        {
            "uscc": USCC_B,
            "name": "乙",
            "kind": "enterprise",
            "role": "bidder",
            "username": "yi",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    services.entity_review(actor=operator, uscc=USCC_B, approve=False, note="材料不全")
    page = c.get("/account/keys/").content.decode()
    assert "材料不全" in page and "重新提交审核" in page
    c.post("/account/entity/resubmit/", {"note": "已补充"})
    assert status(USCC_B) == "pending"


@override_settings(GGZY_REGISTER_MAX_PER_IP_PER_HOUR=2)
def test_registrations_throttled_per_ip(client):
    def register(i, ip):
        from ggzy.core.codes import make_uscc

        body = {
            "uscc": make_uscc(f"91310000MA1FL{i:04d}"),
            "name": f"公司{i}",
            "user": {"username": f"u{i}", "password": PASSWORD, "role": "bidder"},
        }
        return client.post(
            "/api/v1/entities", data=json.dumps(body), content_type="application/json", REMOTE_ADDR=ip
        )

    assert register(11, "10.0.0.5").status_code == 201
    assert register(12, "10.0.0.5").status_code == 201
    response = register(13, "10.0.0.5")
    assert response.status_code == 429 and response.json()["code"] == "throttled"
    assert not Entity.objects.filter(name="公司13").exists()
    assert register(14, "10.0.0.6").status_code == 201
    with pytest.raises(Throttled):
        from ggzy.core.context import RequestContext, reset_context, set_context

        token = set_context(RequestContext(ip="10.0.0.5", channel="web"))
        try:
            services.entity_register(uscc=USCC_A, name="x", username="zz", password=PASSWORD)
        finally:
            reset_context(token)
