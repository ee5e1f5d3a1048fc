"""Login throttling (DB-backed): N failures lock the username, even the right password, until the window passes."""

import datetime as dt
import json

import pytest
import time_machine
from django.test import override_settings

from ggzy.parties.models import LoginAttempt

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 6, 1, 2, 0, tzinfo=dt.UTC)


def token(client, username, password, ip="10.0.0.1"):
    return client.post(
        "/api/v1/auth/token",
        data=json.dumps({"username": username, "password": password}),
        content_type="application/json",
        REMOTE_ADDR=ip,
    )


@override_settings(GGZY_LOGIN_MAX_FAILURES=3, GGZY_LOGIN_WINDOW_SECONDS=600)
def test_api_locked_after_n_failures_then_released(client, bidder_a):
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(3):
            assert token(client, "bidder_a", "wrong").status_code == 401
            traveller.shift(dt.timedelta(seconds=10))
        response = token(client, "bidder_a", PASSWORD)
        assert response.status_code == 429
        body = response.json()
        assert body["code"] == "throttled" and "锁定" in body["message"]
        assert 0 < body["details"]["retryAfterSeconds"] <= 600
        # Case variations of the username share the lock.
        assert token(client, "BIDDER_A", PASSWORD).status_code == 429
        traveller.shift(dt.timedelta(seconds=575))  # first failure is now 605 s old, two remain
        assert token(client, "bidder_a", PASSWORD).status_code == 200


@override_settings(GGZY_LOGIN_MAX_FAILURES=3, GGZY_LOGIN_WINDOW_SECONDS=600)
def test_refused_attempts_are_not_recorded_and_success_resets(client, bidder_a):
    with time_machine.travel(START, tick=False):
        for _ in range(3):
            token(client, "bidder_a", "wrong")
        token(client, "bidder_a", PASSWORD)
        assert LoginAttempt.objects.count() == 3
    with time_machine.travel(START + dt.timedelta(seconds=601), tick=False):
        assert token(client, "bidder_a", PASSWORD).status_code == 200
        token(client, "bidder_a", "wrong")
        token(client, "bidder_a", "wrong")
        assert token(client, "bidder_a", PASSWORD).status_code == 200


@override_settings(GGZY_LOGIN_MAX_FAILURES=3, GGZY_LOGIN_MAX_FAILURES_PER_IP=5, GGZY_LOGIN_WINDOW_SECONDS=600)
def test_ip_locked_after_spraying_many_usernames(client, bidder_a):
    with time_machine.travel(START, tick=False):
        for i in range(5):
            token(client, f"user{i}", "guess", ip="10.9.9.9")
        assert token(client, "bidder_a", PASSWORD, ip="10.9.9.9").status_code == 429
        assert token(client, "bidder_a", PASSWORD, ip="10.1.1.1").status_code == 200


@override_settings(GGZY_LOGIN_MAX_FAILURES=2, GGZY_LOGIN_WINDOW_SECONDS=600)
def test_web_login_throttled_with_chinese_message(client, bidder_a):
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(2):
            response = client.post("/login/", {"username": "bidder_a", "password": "wrong"})
            assert response.status_code == 200 and "用户名或密码错误" in response.content.decode()
        response = client.post("/login/", {"username": "bidder_a", "password": PASSWORD})
        assert response.status_code == 429 and response["Retry-After"] == "600"
        assert "锁定" in response.content.decode()
        assert "_auth_user_id" not in client.session
        traveller.shift(dt.timedelta(seconds=601))
        response = client.post("/login/", {"username": "bidder_a", "password": PASSWORD})
        assert response.status_code == 302 and client.session["_auth_user_id"] == str(bidder_a.pk)


def test_prune_task_forgets_old_attempts(client, bidder_a):
    from ggzy.parties.tasks import PERIODIC_TASKS

    with time_machine.travel(START, tick=False):
        token(client, "bidder_a", "wrong")
    with time_machine.travel(START + dt.timedelta(days=3), tick=False):
        token(client, "bidder_a", "wrong")
        assert sum(task() for task in PERIODIC_TASKS) == 1
    assert LoginAttempt.objects.count() == 1
