"""Test helpers shared by every app: a logged-in client and a thread-race harness."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections
from django.test import Client


def client_for(user=None) -> Client:
    """A Django test client logged in as ``user`` (anonymous when ``None``)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def race(*calls: Callable[[], Any]) -> list[Any]:
    """Run ``calls`` in threads released together by a barrier; return each one's result or raised exception,
    in call order. Each thread closes its own database connection (PostgreSQL tests with real concurrency)."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except BaseException as exc:  # noqa: BLE001 - the caller asserts on it
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results
