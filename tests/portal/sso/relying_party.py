"""A sub-platform's side of single sign-on, as an off-the-shelf client does it: authlib's OAuth2Session (PKCE
S256, client authentication, code exchange) with its HTTP calls answered by the Django test client."""

from __future__ import annotations

from urllib.parse import urlsplit

import requests
from authlib.integrations.requests_client import OAuth2Session
from authlib.jose import JsonWebKey, JsonWebToken
from authlib.oidc.core import CodeIDToken
from django.test import Client
from requests.structures import CaseInsensitiveDict

ORIGIN = "http://testserver"


class DjangoClientAdapter(requests.adapters.BaseAdapter):
    """Sends a ``requests`` request to the Django test client (the relying party's back channel)."""

    def __init__(self, client: Client):
        super().__init__()
        self.client = client

    def send(self, request, **kwargs):
        url = urlsplit(request.url)
        path = url.path + (f"?{url.query}" if url.query else "")
        headers = {k: v for k, v in request.headers.items() if k.lower() not in ("content-length", "host")}
        body = request.body or b""
        if request.method == "GET":
            answer = self.client.get(path, headers=headers)
        else:
            content_type = headers.pop("Content-Type", "application/x-www-form-urlencoded")
            answer = self.client.generic(
                request.method, path, data=body, content_type=content_type, headers=headers
            )
        response = requests.Response()
        response.status_code = answer.status_code
        response._content = answer.content
        response.headers = CaseInsensitiveDict(answer.headers.items())
        response.url = request.url
        response.request = request
        response.encoding = "utf-8"
        return response

    def close(self):
        pass


def rp_session(*, client_id: str, client_secret: str | None, redirect_uri: str) -> OAuth2Session:
    session = OAuth2Session(
        client_id=client_id,
        client_secret=client_secret,
        scope="openid",
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
        token_endpoint_auth_method="client_secret_basic" if client_secret else "none",
    )
    session.mount(ORIGIN, DjangoClientAdapter(Client()))
    return session


def discovery(session: OAuth2Session) -> dict:
    return session.get(f"{ORIGIN}/.well-known/openid-configuration", withhold_token=True).json()


def verify_id_token(
    session: OAuth2Session, id_token: str, *, client_id: str, nonce: str | None = None
) -> dict:
    """Verify the id_token's RS256 signature against the published JWKS and its iss/aud/exp claims."""
    config = discovery(session)
    keys = JsonWebKey.import_key_set(session.get(config["jwks_uri"], withhold_token=True).json())
    claims = JsonWebToken(["RS256"]).decode(
        id_token,
        keys,
        claims_cls=CodeIDToken,
        claims_options={"iss": {"essential": True, "value": config["issuer"]}},
        claims_params={"client_id": client_id, "nonce": nonce},
    )
    claims.validate()
    return dict(claims)
