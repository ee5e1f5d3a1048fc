"""Single sign-on in a browser: a bidder logged in on the portal follows a sub-platform link and arrives signed in
at a tiny relying party (authlib, started by the test) — asked once, then remembered."""

from __future__ import annotations

import html
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from authlib.integrations.requests_client import OAuth2Session
from authlib.jose import JsonWebKey, JsonWebToken

from ggzy.catalog.models import SubPlatform
from ggzy.core import clock
from ggzy.parties.roles import Role
from ggzy.portal.sso import services
from tests.factories import TEST_PASSWORD, EntityFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _relying_party(issuer: str, holder: dict):
    """A sub-platform: /login starts the code flow with PKCE; /callback exchanges the code and greets the user."""
    verifiers: dict[str, str] = {}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _session(self):
            return OAuth2Session(
                client_id=holder["client_id"],
                client_secret=holder["client_secret"],
                scope="openid",
                redirect_uri=f"{holder['origin']}/callback",
                code_challenge_method="S256",
            )

        def do_GET(self):  # noqa: N802 - http.server's hook name
            config = (
                OAuth2Session().get(f"{issuer}/.well-known/openid-configuration", withhold_token=True).json()
            )
            session = self._session()
            if self.path.startswith("/login"):
                verifier = f"verifier-{len(verifiers)}-" + "v" * 40
                url, state = session.create_authorization_url(
                    config["authorization_endpoint"], code_verifier=verifier
                )
                verifiers[state] = verifier
                self.send_response(302)
                self.send_header("Location", url)
                self.end_headers()
                return
            state = re.search(r"state=([^&]+)", self.path).group(1)
            token = session.fetch_token(
                config["token_endpoint"],
                code_verifier=verifiers.pop(state),
                authorization_response=holder["origin"] + self.path,
            )
            keys = JsonWebKey.import_key_set(session.get(config["jwks_uri"], withhold_token=True).json())
            claims = JsonWebToken(["RS256"]).decode(token["id_token"], keys)
            claims.validate()
            body = f"<html><body><h1>已登录：{html.escape(claims['name'])}</h1></body></html>".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

    return Handler


def test_bidder_follows_sub_platform_link_and_arrives_signed_in(page, live_server):
    """Spec §2 / 一网通办: log in once on the portal, reach the sub-platform signed in; consent asked only once."""
    holder: dict = {}
    server = ThreadingHTTPServer(("127.0.0.1", 0), _relying_party(live_server.url, holder))
    holder["origin"] = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        platform = SubPlatform.objects.create(
            code="jsgc",
            stem="建设工程交易",
            platform_name="上海市公共资源交易平台建设工程交易分平台",
            operator_name="上海市建设工程交易服务中心",
            established_on=clock.now().date(),
            created_at=clock.now(),
        )
        application, secret = services.oidc_client_create(
            actor=None,
            name="建设工程交易分平台",
            redirect_uri=f"{holder['origin']}/callback",
            platform_code=platform.code,
            login_url=f"{holder['origin']}/login",
        )
        holder.update(client_id=application.client_id, client_secret=secret)
        UserFactory(username="bidder-sso", role=Role.BIDDER, entity=EntityFactory(), display_name="张三")

        page.goto(page.base + "/login/")
        page.locator("input[name=username]").fill("bidder-sso")
        page.locator("input[name=password]").fill(TEST_PASSWORD)
        page.locator("form.stacked button[type=submit]").click()
        page.wait_for_url(re.compile(r".*/workbench/$"))

        page.goto(page.base + "/platforms/")
        page.get_by_role("link", name="单点登录进入").click()
        page.get_by_role("button", name="同意并登录").click()
        page.wait_for_url(re.compile(r".*/callback\?.*"))
        assert page.locator("h1").inner_text() == "已登录：张三"

        page.goto(page.base + "/platforms/")
        page.get_by_role("link", name="单点登录进入").click()
        page.wait_for_url(re.compile(r".*/callback\?.*"))
        assert page.locator("h1").inner_text() == "已登录：张三"  # no consent page the second time
    finally:
        server.shutdown()
