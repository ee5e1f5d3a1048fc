"""The request edge: whatever a client sends, the answer is a refusal with the error shape, never a 500.

Covers an outside probe's findings 5 (crafted cursors), 6 (oversized bodies), 7 (control characters),
12 (deeply nested JSON, NaN money), 13 (bad bearer tokens on unsafe methods) and 14 (Retry-After).
"""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest
import time_machine
from django.test import Client, override_settings

from ggzy.core.codes import make_uscc
from ggzy.parties import services as party_services
from ggzy.parties.models import ApiToken, Entity, LoginAttempt, User
from ggzy.parties.roles import Role

pytestmark = pytest.mark.django_db

PASSWORD = "Zhaobiao-2026!secure"
USCC = make_uscc("91310000MA1FL0091")
START = dt.datetime(2026, 6, 1, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def web():
    """A client that turns unhandled exceptions into the 500 a visitor would see."""
    return Client(raise_request_exception=False)


@pytest.fixture
def bidder(db):
    entity = party_services.entity_create(actor=None, uscc=USCC, name="上海边界测试有限公司", verified=True)
    return party_services.user_create(
        actor=None, username="edge_bidder", password=PASSWORD, role=Role.BIDDER, entity_uscc=entity.uscc
    )


def bearer_for(user) -> dict:
    _, raw = party_services.api_token_issue(actor=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def post_json(client, path, body, **extra):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(f"/api/v1{path}", data=data, content_type="application/json", **extra)


def cursor_of(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def assert_error(response, status: int, code: str):
    assert response.status_code == status, response.content[:500]
    body = response.json()
    assert set(body) == {"code", "message", "details"}
    assert body["code"] == code, body
    return body


# --- Finding 5: crafted cursors -------------------------------------------------------------------------------

CRAFTED_CURSORS = {
    "not base64": "%%%",
    "not json": cursor_of("hello"),
    "not a list": cursor_of('{"a": 1}'),
    "string for a number": cursor_of('["abc"]'),
    "object for a number": cursor_of('[{"a": 1}]'),
    "null": cursor_of("[null]"),
    "nested list": cursor_of("[[1]]"),
    "huge number": cursor_of("[100000000000000000000000000000]"),
    "overflowing float": cursor_of("[1e400]"),
    "NaN": cursor_of("[NaN]"),
    "boolean": cursor_of("[true]"),
    "wrong count": cursor_of("[1, 2, 3]"),
    "empty list": cursor_of("[]"),
    "deeply nested": cursor_of("[" * 50000 + "]" * 50000),
    "invalid utf-8": base64.urlsafe_b64encode(b'["\xff\xfe"]').decode(),
    "very long": "A" * 100_000,
}

PUBLIC_PAGINATED = ["/api/v1/notices", "/api/v1/draws", "/api/v1/audit/seals", "/api/v1/ocds/releases"]


@pytest.mark.parametrize("path", PUBLIC_PAGINATED)
@pytest.mark.parametrize("name", list(CRAFTED_CURSORS))
def test_crafted_cursor_on_public_endpoint_is_400_invalid_cursor(web, path, name):
    """Finding 5: every malformed cursor on a public paginated endpoint is a 400 ``invalid_cursor``, not a 500."""
    response = web.get(path, {"cursor": CRAFTED_CURSORS[name]})
    body = assert_error(response, 400, "invalid_cursor")
    assert "游标" in body["message"]


@pytest.mark.parametrize(
    "raw",
    [
        '["not-a-date", 1]',
        '["2026-01-01T00:00:00", 1]',  # no time zone
        '["0001-01-01T00:00:00+05:00", 1]',  # before year 1 once in UTC
        '["9999-12-31T23:59:59-05:00", 1]',  # after year 9999 once in UTC
        "[20260101, 1]",
        '["2026-01-01T00:00:00+00:00", "x"]',
        '["2026-01-01T00:00:00+00:00", 100000000000000000000000]',
    ],
)
def test_crafted_date_cursor_on_draws_is_400(web, raw):
    """Finding 5: a cursor whose date does not parse (or cannot be stored) is a 400 ``invalid_cursor``."""
    assert_error(web.get("/api/v1/draws", {"cursor": cursor_of(raw)}), 400, "invalid_cursor")


@pytest.mark.parametrize(
    "raw",
    [
        '["not-a-date", "x"]',
        '["2026-01-01T00:00:00", "x"]',
        '["0001-01-01T00:00:00+05:00", "x"]',
        '["2026-01-01T00:00:00+00:00", ["x"]]',
    ],
)
def test_crafted_cursor_on_ocds_releases_is_400(web, raw):
    """Finding 5: the OCDS feed's own cursor (event time, release id) is checked the same way."""
    assert_error(web.get("/api/v1/ocds/releases", {"cursor": cursor_of(raw)}), 400, "invalid_cursor")


@pytest.mark.parametrize("raw", ['["abc"]', "[100000000000000000000000000000]", "[1e400]"])
def test_crafted_cursor_on_authenticated_endpoint_is_400(web, buyer, raw):
    """Finding 5: the same on endpoints behind a token (the buyer's own expert draws)."""
    response = web.get("/api/v1/draws/mine", {"cursor": cursor_of(raw)}, **bearer_for(buyer))
    assert_error(response, 400, "invalid_cursor")


def test_valid_cursor_still_pages(web):
    """Finding 5 (no regression): a cursor the server issued still works."""
    first = web.get("/api/v1/audit/seals", {"limit": 1})
    assert first.status_code == 200
    response = web.get("/api/v1/audit/seals", {"cursor": cursor_of("[0]")})
    assert response.status_code == 200, response.content


# --- Finding 6: oversized bodies ------------------------------------------------------------------------------


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_oversized_json_body_on_token_endpoint_is_413(web):
    """Finding 6: a body over the upload limit on /auth/token (no login) is 413 with the error shape."""
    response = post_json(web, "/auth/token", {"username": "x" * 5000, "password": "y"})
    body = assert_error(response, 413, "request_too_large")
    assert "过大" in body["message"]
    assert not LoginAttempt.objects.exists()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_oversized_form_post_is_413_chinese_page(web):
    """Finding 6: an HTML form post over the limit gets a Chinese error page with status 413, not a 500."""
    response = web.post("/register/", {"name": "x" * 5000})
    assert response.status_code == 413
    assert "过大" in response.content.decode()
    assert not Entity.objects.exists()


@override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=10)
def test_too_many_form_fields_is_refused_not_500(web):
    """Finding 6: a form with more fields than allowed is a clear refusal (400/413), not a 500."""
    response = web.post("/register/", {f"f{i}": "x" for i in range(50)})
    assert response.status_code in (400, 413)


# --- Finding 7: control characters ----------------------------------------------------------------------------


def test_nul_in_token_request_is_422_naming_the_field(web):
    """Finding 7: U+0000 in a JSON body is refused at the edge (422 ``invalid_characters``) and nothing is stored."""
    response = post_json(web, "/auth/token", {"username": "a\u0000b", "password": "x"})
    body = assert_error(response, 422, "invalid_characters")
    assert body["details"]["field"] == "username"
    assert not LoginAttempt.objects.exists()


def test_nul_in_nested_registration_field_names_the_path(web):
    """Finding 7: the refusal names a nested field by its path; no entity or user is created."""
    response = post_json(
        web,
        "/entities",
        {
            "uscc": USCC,
            "name": "上海甲建设有限公司",
            "user": {"username": "jia", "password": PASSWORD, "displayName": "李\u0000四"},
        },
    )
    body = assert_error(response, 422, "invalid_characters")
    assert body["details"]["field"] == "user.displayName"
    assert not Entity.objects.exists() and not User.objects.exists()


def test_lone_surrogate_in_json_is_422(web):
    """Finding 7: a lone UTF-16 surrogate (which PostgreSQL cannot store) is refused the same way."""
    response = post_json(web, "/auth/token", '{"username": "a\\ud800", "password": "x"}')
    assert assert_error(response, 422, "invalid_characters")["details"]["field"] == "username"


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/catalogue?on=%00", "on"),
        ("/api/v1/notices?kind=a%00b", "kind"),
        ("/api/v1/notices?cursor=%00", "cursor"),
        ("/api/v1/catalogue/GC%0001", "code"),
        ("/api/v1/draws/D%00X", "draw_id"),
        ("/api/v1/ocds/records/ocds-%00", "ocid"),
        ("/api/v1/entities/9131%000000", "uscc"),
    ],
)
def test_nul_in_query_or_path_is_422_naming_the_parameter(web, path, field):
    """Finding 7: catalogue, draw, OCDS and entity lookups with U+0000 in the URL are 422, not a 500."""
    body = assert_error(web.get(path), 422, "invalid_characters")
    assert body["details"]["field"] == field


def test_nul_in_bearer_token_is_401(web):
    """Finding 7: a token with U+0000 is simply not a valid token."""
    response = web.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer abc\u0000def")
    assert response.status_code in (401, 422)


def test_tab_newline_in_free_text_are_allowed(web):
    """Finding 7 (no over-blocking): tab, newline and CR in a JSON body's free text stay allowed."""
    response = post_json(
        web,
        "/entities",
        {
            "uscc": USCC,
            "name": "上海甲建设有限公司",
            "address": "浦东新区\t某路1号\r\n2楼",
            "user": {"username": "jia", "password": PASSWORD},
        },
    )
    assert response.status_code == 201, response.content
    assert Entity.objects.get().address == "浦东新区\t某路1号\r\n2楼"


def test_nul_in_html_form_is_refused_with_chinese_page(web, buyer):
    """Finding 7: an HTML form with U+0000 (here the tender form) gets a clear Chinese
    refusal, not a 500 on PostgreSQL or the character stored on SQLite."""
    from ggzy.trading.tendering.models import Tender

    web.force_login(buyer)
    with time_machine.travel(dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC), tick=False):
        response = web.post(
            "/trading/new/",
            {
                "procedure_type": "works-open",
                "catalogue_code": "GC01",
                "title": "控制\x00字符",
                "buyer": buyer.entity.uscc,
                "tender_period_end": "2026-03-23T09:30:00",
                "opening_window_minutes": "30",
                "sections-TOTAL_FORMS": "1",
                "sections-INITIAL_FORMS": "0",
                "sections-0-title": "A",
                "sections-0-estimated_price": "5000000",
            },
        )
    assert response.status_code == 422
    assert "字符" in response.content.decode()
    assert not Tender.objects.exists()


def test_nul_in_html_query_string_is_refused(web):
    """Finding 7: the same for the query string of an HTML page."""
    response = web.get("/notices/?q=%00")
    assert response.status_code == 422
    assert "字符" in response.content.decode()


# --- Finding 12: deeply nested JSON, NaN money ---------------------------------------------------------------

DEEP = '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}"
MODERATE = '{"jwk": ' + '{"k": ' * 300 + "1" + "}" * 300 + "}"


def test_deeply_nested_json_on_bid_endpoint_is_refused(web, bidder):
    """Finding 12: deeply nested JSON on the bid endpoint is a 400 with the error shape, not a RecursionError 500."""
    response = post_json(web, "/sections/1/bids", DEEP, **bearer_for(bidder))
    assert_error(response, 400, "json_too_deep")


@pytest.mark.parametrize("body", [DEEP, MODERATE])
@pytest.mark.parametrize("path", ["/auth/token", "/entities", f"/entities/{USCC}/keys"])
def test_deeply_nested_json_anywhere_is_refused(web, bidder, path, body):
    """Finding 12: the same anywhere on the API, including nesting Python could parse but our code would not."""
    response = post_json(web, path, body, **bearer_for(bidder))
    assert_error(response, 400, "json_too_deep")


@pytest.fixture
def buyer(db):
    from ggzy.portal.demo import install_demo_catalogue

    install_demo_catalogue()
    entity = Entity.objects.create(
        uscc=make_uscc("12310115MB1T0001X"[:17]),
        name="上海市某某区建设管理中心",
        kind=Entity.Kind.INSTITUTION,
        status=Entity.Status.VERIFIED,
    )
    return User.objects.create_user("edge_buyer", password=PASSWORD, role=Role.BUYER, entity=entity)


@pytest.mark.parametrize(
    "amount", ["NaN", "-NaN", "sNaN", "Infinity", "-Infinity", "1e999999999", "1e30", "99999999999999999999"]
)
def test_absurd_money_on_html_tender_form_is_refused_in_chinese(web, buyer, amount):
    """Finding 12: ``sections=A|NaN`` (and infinities, absurd sizes) on the tender form is a Chinese refusal."""
    from ggzy.trading.tendering.models import Tender

    web.force_login(buyer)
    with time_machine.travel(dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC), tick=False):
        response = web.post(
            "/trading/new/",
            {
                "procedure_type": "works-open",
                "catalogue_code": "GC01",
                "title": "金额边界测试",
                "buyer": buyer.entity.uscc,
                "tender_period_end": "2026-03-23T09:30:00",
                "sections": f"A|{amount}",
            },
        )
    assert response.status_code == 422
    assert "金额" in response.content.decode()
    assert not Tender.objects.exists()


@pytest.mark.parametrize("amount", ["NaN", "Infinity", "1e30"])
def test_absurd_money_in_service_is_invalid_amount(buyer, amount):
    """Finding 12: the money rule lives in one place, so the service refuses it whatever the interface."""
    from decimal import Decimal

    from ggzy.core.exceptions import InvalidInput
    from ggzy.trading.tendering.services.tenders import SectionInput, TenderInput, tender_create

    data = TenderInput(
        procedure_type="works-open",
        catalogue_code="GC01",
        title="金额",
        buyer=buyer.entity.uscc,
        tender_period_end=dt.datetime(2026, 3, 23, 1, 30, tzinfo=dt.UTC),
        opening_at=dt.datetime(2026, 3, 23, 1, 30, tzinfo=dt.UTC),
        sections=[SectionInput(title="A", estimated_amount=Decimal(amount))],
    )
    with time_machine.travel(dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC), tick=False):
        with pytest.raises(InvalidInput) as caught:
            tender_create(actor=buyer, data=data)
    assert caught.value.code == "invalid_amount" and "金额" in caught.value.message


# --- Finding 13: bad bearer tokens on unsafe methods --------------------------------------------------------


def _revoked(user):
    token, raw = party_services.api_token_issue(actor=user, name="x")
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=token.created_at)
    return raw


def _expired(user):
    token, raw = party_services.api_token_issue(actor=user, name="x")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=token.created_at - dt.timedelta(seconds=1))
    return raw


@pytest.mark.parametrize("kind", ["invalid", "revoked", "expired"])
@pytest.mark.parametrize("method", ["post", "delete"])
def test_bad_bearer_on_unsafe_method_is_401(bidder, kind, method):
    """Finding 13: an invalid, revoked or expired token on POST/DELETE is 401 like on GET, not 403 "CSRF check"."""
    web = Client(enforce_csrf_checks=True, raise_request_exception=False)  # as in production
    raw = {
        "invalid": lambda: "ggzy_bogus",
        "revoked": lambda: _revoked(bidder),
        "expired": lambda: _expired(bidder),
    }[kind]()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    if method == "post":
        response = post_json(web, f"/entities/{USCC}/keys", {"jwk": {}}, **headers)
    else:
        response = web.delete(f"/api/v1/entities/{USCC}/keys/k1", **headers)
    assert_error(response, 401, "not_authenticated")
    assert web.get("/api/v1/me", **headers).status_code == 401


def test_session_without_csrf_token_is_still_refused(bidder):
    """Finding 13 (no regression): a logged-in browser session still needs the CSRF token on POST."""
    browser = Client(enforce_csrf_checks=True, raise_request_exception=False)
    browser.force_login(bidder)
    response = post_json(browser, f"/entities/{USCC}/keys", {"jwk": {}})
    assert response.status_code == 403


# --- Finding 14: Retry-After --------------------------------------------------------------------------------


@override_settings(GGZY_LOGIN_MAX_FAILURES=2, GGZY_LOGIN_WINDOW_SECONDS=600)
def test_api_login_throttle_sends_retry_after(web, bidder):
    """Finding 14: a 429 from /auth/token carries Retry-After in seconds, matching details.retryAfterSeconds."""
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(2):
            post_json(web, "/auth/token", {"username": "edge_bidder", "password": "wrong"})
            traveller.shift(dt.timedelta(seconds=10))
        response = post_json(web, "/auth/token", {"username": "edge_bidder", "password": PASSWORD})
    body = assert_error(response, 429, "throttled")
    assert response["Retry-After"] == str(body["details"]["retryAfterSeconds"]) == "580"


@override_settings(GGZY_LOGIN_MAX_FAILURES=2, GGZY_LOGIN_WINDOW_SECONDS=600)
def test_html_login_throttle_is_429_with_retry_after(web, bidder):
    """Finding 14: the HTML login page, when locked, answers 429 with Retry-After and the Chinese message."""
    with time_machine.travel(START, tick=False):
        for _ in range(2):
            web.post("/login/", {"username": "edge_bidder", "password": "wrong"})
        response = web.post("/login/", {"username": "edge_bidder", "password": PASSWORD})
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    assert "锁定" in response.content.decode()


@override_settings(GGZY_REGISTER_MAX_PER_IP_PER_HOUR=1)
def test_registration_throttle_sends_retry_after(web):
    """Finding 14: the registration spam guard's 429 carries Retry-After too."""

    def register(i):
        return post_json(
            web,
            "/entities",
            {
                "uscc": make_uscc(f"91310000MA1FL00{i:02d}"),
                "name": f"上海{i}公司",
                "user": {"username": f"reg{i}", "password": PASSWORD},
            },
        )

    with time_machine.travel(START, tick=False) as traveller:
        assert register(1).status_code == 201
        traveller.shift(dt.timedelta(minutes=10))
        response = register(2)
    assert_error(response, 429, "throttled")
    assert response["Retry-After"] == "3000"
