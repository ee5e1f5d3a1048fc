"""The portal as OpenID Connect provider (archives-and-sso spec §2), driven by authlib as a sub-platform would."""

from __future__ import annotations

import json
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from oauth2_provider.models import AccessToken, Application, RefreshToken

from ggzy.core.models import AuditRecord
from ggzy.parties.models import Entity
from ggzy.parties.roles import Role
from ggzy.portal.sso.models import Consent
from tests.factories import EntityFactory, UserFactory
from tests.helpers import client_for

from .relying_party import ORIGIN, discovery, rp_session, verify_id_token

pytestmark = pytest.mark.django_db

REDIRECT = "https://jsgc.example.cn/sso/callback"


def _create_client(*extra: str) -> dict:
    out = StringIO()
    call_command(
        "oidc",
        "clients",
        "create",
        "--name",
        "建设工程交易分平台",
        "--redirect-uri",
        REDIRECT,
        *extra,
        stdout=out,
    )
    return json.loads(out.getvalue())


@pytest.fixture
def confidential():
    return _create_client()


@pytest.fixture
def bidder():
    entity = EntityFactory(name="上海示例建设有限公司")
    return UserFactory(role=Role.BIDDER, entity=entity, display_name="张三")


def _authorize(browser, session, *, approve: bool = True):
    """The user's browser at the authorization page: returns (redirect location, code_verifier, nonce)."""
    verifier, nonce = "v" * 20 + "-verifier-0123456789abcdefghij", "nonce-123"
    url, state = session.create_authorization_url(
        discovery(session)["authorization_endpoint"], code_verifier=verifier, nonce=nonce
    )
    path = url.removeprefix(ORIGIN)
    page = browser.get(path)
    if page.status_code == 200 and b"authorizationForm" in page.content:
        form = page.context["form"]
        data = {name: value for name, value in form.initial.items() if value is not None}
        if approve:
            data["allow"] = "Authorize"
        page = browser.post("/o/authorize/", data)
    return page, verifier, nonce


def _code_flow(user, client: dict):
    session = rp_session(
        client_id=client["client_id"], client_secret=client["client_secret"], redirect_uri=REDIRECT
    )
    browser = client_for(user)
    page, verifier, nonce = _authorize(browser, session)
    assert page.status_code == 302 and page["Location"].startswith(REDIRECT + "?code=")
    token = session.fetch_token(
        discovery(session)["token_endpoint"], authorization_response=page["Location"], code_verifier=verifier
    )
    return session, browser, page["Location"], verifier, nonce, token


def test_discovery_document_at_site_root_names_issuer_keys_and_s256_pkce(client):
    """Spec §2: discovery at /.well-known/openid-configuration, issuer = the origin, jwks_uri, PKCE S256."""
    config = client.get("/.well-known/openid-configuration").json()
    assert config["issuer"] == "http://testserver"
    assert config["authorization_endpoint"] == "http://testserver/o/authorize/"
    assert config["code_challenge_methods_supported"] == ["S256"]
    assert "RS256" in config["id_token_signing_alg_values_supported"]
    assert {"sub", "name", "ggzy_role", "ggzy_entity_uscc", "ggzy_entity_name"} <= set(
        config["claims_supported"]
    )
    keys = client.get(urlsplit(config["jwks_uri"]).path).json()["keys"]
    assert keys and keys[0]["kty"] == "RSA" and "d" not in keys[0]


def test_configured_issuer_is_used(client, settings):
    """GGZY_OIDC_ISSUER: the configured origin, not the request's host."""
    settings.OAUTH2_PROVIDER = {**settings.OAUTH2_PROVIDER, "OIDC_ISS_ENDPOINT": "https://www.ggzy.sh.cn"}
    assert client.get("/.well-known/openid-configuration").json()["issuer"] == "https://www.ggzy.sh.cn"


def test_full_code_flow_with_pkce_id_token_and_userinfo(bidder, confidential):
    """Code flow with PKCE: the id_token verifies against the JWKS and carries the spec's claims; so does userinfo."""
    session, _browser, _location, _verifier, nonce, token = _code_flow(bidder, confidential)
    claims = verify_id_token(session, token["id_token"], client_id=confidential["client_id"], nonce=nonce)
    expected = {
        "sub": str(bidder.pk),
        "name": "张三",
        "ggzy_role": "bidder",
        "ggzy_entity_uscc": bidder.entity.uscc,
        "ggzy_entity_name": "上海示例建设有限公司",
    }
    assert {k: claims[k] for k in expected} == expected
    userinfo = _userinfo(session).json()
    assert {k: userinfo[k] for k in expected} == expected


def test_sub_is_stable_across_username_change(bidder, confidential):
    """``sub`` is the user's key, not the username."""
    bidder.username = "renamed"
    bidder.save(update_fields=["username"])
    session, *_rest, token = _code_flow(bidder, confidential)
    assert verify_id_token(session, token["id_token"], client_id=confidential["client_id"])["sub"] == str(
        bidder.pk
    )


def test_public_client_has_no_secret_and_signs_in_with_pkce_only(bidder):
    """``--public``: ``client_secret`` null; the code flow works with PKCE alone."""
    public = _create_client("--public")
    assert public["client_secret"] is None
    session, *_rest, token = _code_flow(bidder, public)
    assert verify_id_token(session, token["id_token"], client_id=public["client_id"])["ggzy_role"] == "bidder"


def test_cli_prints_the_plain_secret_once_and_stores_a_hash(confidential):
    """The printed secret is the one that works; the database holds only its hash."""
    stored = Application.objects.get(client_id=confidential["client_id"])
    assert stored.client_secret != confidential["client_secret"]
    assert stored.algorithm == Application.RS256_ALGORITHM
    assert AuditRecord.objects.filter(action="sso.client_create", target_id=str(stored.pk)).exists()


def test_code_reuse_is_refused(bidder, confidential):
    """A code is good for one token request only."""
    session, _browser, location, verifier, _nonce, _token = _code_flow(bidder, confidential)
    again = rp_session(
        client_id=confidential["client_id"],
        client_secret=confidential["client_secret"],
        redirect_uri=REDIRECT,
    )
    with pytest.raises(Exception, match="invalid_grant"):
        again.fetch_token(
            discovery(again)["token_endpoint"], authorization_response=location, code_verifier=verifier
        )


def test_wrong_redirect_uri_is_refused_without_redirecting(bidder, confidential):
    """An unregistered redirect_uri gets the portal's error page, never a redirect with a code."""
    session = rp_session(
        client_id=confidential["client_id"],
        client_secret=confidential["client_secret"],
        redirect_uri="https://evil.example.com/callback",
    )
    page, *_ = _authorize(client_for(bidder), session)
    assert page.status_code == 400
    assert "授权请求无效" in page.content.decode()
    assert not AccessToken.objects.exists()


def test_wrong_verifier_is_refused(bidder, confidential):
    """The code exchange needs the PKCE verifier that matches the challenge."""
    session = rp_session(
        client_id=confidential["client_id"],
        client_secret=confidential["client_secret"],
        redirect_uri=REDIRECT,
    )
    page, _verifier, _nonce = _authorize(client_for(bidder), session)
    with pytest.raises(Exception, match="invalid_grant"):
        session.fetch_token(
            discovery(session)["token_endpoint"],
            authorization_response=page["Location"],
            code_verifier="w" * 50,
        )


def test_missing_pkce_is_refused(bidder, confidential):
    """An authorization request without an S256 code challenge issues no code."""
    browser = client_for(bidder)
    for extra in ("", "&code_challenge=abc&code_challenge_method=plain"):
        page = browser.get(
            f"/o/authorize/?response_type=code&client_id={confidential['client_id']}"
            f"&redirect_uri={REDIRECT}&scope=openid&state=s{extra}"
        )
        assert page.status_code == 400
        assert "PKCE" in page.content.decode()
    assert not Consent.objects.exists()


def test_suspended_entity_is_refused_at_its_next_token_request_and_userinfo(bidder, confidential):
    """Suspension reaches every sub-platform: the refresh token and the access token stop working."""
    session, browser, *_rest, token = _code_flow(bidder, confidential)
    Entity.objects.filter(pk=bidder.entity_id).update(status=Entity.Status.SUSPENDED)
    with pytest.raises(Exception, match="invalid_grant"):
        session.refresh_token(discovery(session)["token_endpoint"], refresh_token=token["refresh_token"])
    assert _userinfo(session).status_code == 401
    # and at the authorization page, in Chinese
    page, *_ = _authorize(browser, session)
    assert page.status_code == 403
    assert "已被暂停" in page.content.decode()


def test_suspended_entity_is_refused_at_code_exchange(bidder, confidential):
    """A code issued before the suspension is not exchanged after it."""
    session = rp_session(
        client_id=confidential["client_id"],
        client_secret=confidential["client_secret"],
        redirect_uri=REDIRECT,
    )
    page, verifier, _nonce = _authorize(client_for(bidder), session)
    Entity.objects.filter(pk=bidder.entity_id).update(status=Entity.Status.SUSPENDED)
    with pytest.raises(Exception, match="invalid_grant"):
        session.fetch_token(
            discovery(session)["token_endpoint"],
            authorization_response=page["Location"],
            code_verifier=verifier,
        )


def test_deactivated_user_is_refused_at_next_token_request(bidder, confidential):
    """A revoked user (is_active False) gets no new tokens."""
    session, *_rest, token = _code_flow(bidder, confidential)
    type(bidder).objects.filter(pk=bidder.pk).update(is_active=False)
    with pytest.raises(Exception, match="invalid_grant"):
        session.refresh_token(discovery(session)["token_endpoint"], refresh_token=token["refresh_token"])
    assert _userinfo(session).status_code == 401


@pytest.mark.parametrize("status", [Entity.Status.PENDING, Entity.Status.REJECTED])
def test_unverified_entity_and_users_without_entity_may_not_authorize(confidential, status):
    """Users of a verified entity only: others get a Chinese refusal page and no code."""
    pending = UserFactory(role=Role.BIDDER, entity=EntityFactory(status=status))
    expert = UserFactory(role=Role.EXPERT)
    for user, text in ((pending, "尚未通过审核"), (expert, "未关联市场主体")):
        session = rp_session(client_id=confidential["client_id"], client_secret=None, redirect_uri=REDIRECT)
        page, *_ = _authorize(client_for(user), session)
        assert page.status_code == 403 and text in page.content.decode()
    assert not Consent.objects.exists()


def test_anonymous_visitor_goes_to_portal_login_and_back(client, confidential):
    """The authorization page uses the portal's own login."""
    session = rp_session(client_id=confidential["client_id"], client_secret=None, redirect_uri=REDIRECT)
    page, *_ = _authorize(client, session)
    assert page.status_code == 302 and page["Location"].startswith("/login/?next=/o/authorize/")


def test_consent_is_remembered_per_client_and_revocable(bidder, confidential):
    """Second sign-in: no question. Revoking on the account page ends the tokens and asks again next time."""
    session, browser, *_rest, token = _code_flow(bidder, confidential)
    page, *_ = _authorize(browser, session)
    assert page.status_code == 302 and "code=" in page["Location"]  # straight back, no consent page
    listing = browser.get("/account/connections/").content.decode()
    assert "建设工程交易分平台" in listing
    application = Application.objects.get(client_id=confidential["client_id"])
    other = client_for(UserFactory(role=Role.BIDDER, entity=EntityFactory()))
    assert other.post(f"/account/connections/{application.pk}/revoke/").status_code == 404
    assert browser.post(f"/account/connections/{application.pk}/revoke/").status_code == 302
    assert not Consent.objects.filter(user=bidder).exists()
    assert not AccessToken.objects.filter(user=bidder).exists()
    assert not RefreshToken.objects.filter(user=bidder, revoked__isnull=True).exists()
    assert AuditRecord.objects.filter(action="sso.connection_revoke", actor_id=bidder.pk).exists()
    assert _userinfo(session).status_code == 401
    fresh = rp_session(client_id=confidential["client_id"], client_secret=None, redirect_uri=REDIRECT)
    verifier = "x" * 50
    url, _state = fresh.create_authorization_url(
        discovery(fresh)["authorization_endpoint"], code_verifier=verifier
    )
    assert b"authorizationForm" in browser.get(url.removeprefix(ORIGIN)).content


def test_sub_platform_page_links_to_the_sub_platform_sso_entrance(client):
    """The portal's sub-platform page links each sub-platform with a client to its single sign-on entrance."""
    from ggzy.catalog.models import SubPlatform
    from ggzy.core import clock

    platform = SubPlatform.objects.create(
        code="jsgc",
        stem="建设工程交易",
        platform_name="上海市公共资源交易平台建设工程交易分平台",
        operator_name="上海市建设工程交易服务中心",
        established_on=clock.now().date(),
        created_at=clock.now(),
    )
    SubPlatform.objects.create(
        code="tdjy",
        stem="土地交易",
        platform_name="上海市公共资源交易平台土地交易分平台",
        operator_name="上海市土地交易事务中心",
        established_on=clock.now().date(),
        created_at=clock.now(),
    )
    out = StringIO()
    call_command(
        "oidc",
        "clients",
        "create",
        "--name",
        "建设工程",
        "--redirect-uri",
        REDIRECT,
        "--platform",
        platform.code,
        "--login-url",
        "https://jsgc.example.cn/sso/login",
        stdout=out,
    )
    client_id = json.loads(out.getvalue())["client_id"]
    html = client.get("/platforms/").content.decode()
    assert 'href="https://jsgc.example.cn/sso/login"' in html and client_id in html
    assert "尚未接入单点登录" in html


def _userinfo(session):
    endpoint = discovery(session)["userinfo_endpoint"]
    return session.get(endpoint) if session.token else session.get(endpoint, withhold_token=True)
