"""API tokens: raw value shown once, SHA-256 at rest, expiry and revocation."""

import datetime as dt
import hashlib

import pytest
import time_machine

from ggzy.core.exceptions import NotFound
from ggzy.parties import services
from ggzy.parties.models import ApiToken

pytestmark = pytest.mark.django_db


def test_token_stored_only_as_sha256(bidder_a, client):
    token, raw = services.api_token_issue(actor=bidder_a, name="投标工具")
    row = ApiToken.objects.get(pk=token.pk)
    assert row.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {row.key_hash, row.prefix, row.name} and raw.startswith(row.prefix)
    assert not ApiToken.objects.filter(key_hash=raw).exists()
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200 and response.json()["username"] == bidder_a.username


def test_expired_and_revoked_tokens_refused(bidder_a, client):
    start = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        token, raw = services.api_token_issue(actor=bidder_a, ttl=dt.timedelta(hours=1))
        assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    with time_machine.travel(start + dt.timedelta(hours=2), tick=False):
        assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    token2, raw2 = services.api_token_issue(actor=bidder_a)
    services.api_token_revoke(actor=bidder_a, token_id=token2.pk)
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw2}")
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"


def test_cannot_revoke_someone_elses_token(bidder_a, bidder_b):
    token, _ = services.api_token_issue(actor=bidder_a)
    with pytest.raises(NotFound):
        services.api_token_revoke(actor=bidder_b, token_id=token.pk)
    token.refresh_from_db()
    assert token.revoked_at is None


def test_last_used_recorded_at_most_once_a_minute(bidder_a, client):
    token, raw = services.api_token_issue(actor=bidder_a)
    start = dt.datetime(2026, 7, 1, 1, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
        token.refresh_from_db()
        assert token.last_used_at == start
        traveller.shift(dt.timedelta(seconds=30))
        client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
        token.refresh_from_db()
        assert token.last_used_at == start
        traveller.shift(dt.timedelta(seconds=60))
        client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
        token.refresh_from_db()
        assert token.last_used_at == start + dt.timedelta(seconds=90)
