"""Starting the platform safely: the secret key (finding 11) and ``ggzy serve --gunicorn`` (finding 15)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.supervision.redflags.builders import bid, honest_prices, release

IMPORT_WSGI = (
    "import ggzy.config.wsgi; from django.conf import settings; print('key-length', len(settings.SECRET_KEY))"
)


def _env_without(*names: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in names}
    env.update(extra)
    return env


def _python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)


def _ggzy(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ggzy.cli", *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_web_application_refuses_to_start_without_a_secret_key_outside_debug():
    """Finding 11: production (no GGZY_DEBUG) must not serve with the public development key, or any key
    nobody configured."""
    result = _python(IMPORT_WSGI, _env_without("GGZY_SECRET_KEY", "GGZY_DEBUG"))
    assert result.returncode != 0
    assert "GGZY_SECRET_KEY" in result.stderr
    assert "key-length" not in result.stdout


def test_asgi_application_refuses_too():
    """Finding 11: the ASGI entry point applies the same check."""
    result = _python("import ggzy.config.asgi", _env_without("GGZY_SECRET_KEY", "GGZY_DEBUG"))
    assert result.returncode != 0
    assert "GGZY_SECRET_KEY" in result.stderr


def test_empty_secret_key_counts_as_unset():
    """Finding 11: an empty GGZY_SECRET_KEY counts as unset."""
    result = _python(IMPORT_WSGI, _env_without("GGZY_DEBUG", GGZY_SECRET_KEY="  "))
    assert result.returncode != 0
    assert "GGZY_SECRET_KEY" in result.stderr


def test_worker_refuses_to_start_without_a_secret_key():
    """Finding 11: the worker (deadlines, notifications) refuses as well."""
    result = _ggzy("worker", "--once", env=_env_without("GGZY_SECRET_KEY", "GGZY_DEBUG"))
    assert result.returncode != 0
    assert "GGZY_SECRET_KEY" in result.stderr


def test_web_application_starts_with_a_secret_key():
    """Finding 11: with the key set, the application loads and uses it."""
    result = _python(IMPORT_WSGI, _env_without("GGZY_DEBUG", GGZY_SECRET_KEY="k" * 50))
    assert result.returncode == 0, result.stderr
    assert "key-length 50" in result.stdout


def test_debug_mode_may_run_without_a_secret_key():
    """Finding 11: GGZY_DEBUG=1 (local development) keeps working without a key."""
    result = _python(IMPORT_WSGI, _env_without("GGZY_SECRET_KEY", GGZY_DEBUG="1"))
    assert result.returncode == 0, result.stderr


def test_standalone_tools_run_without_a_secret_key(tmp_path):
    """The bidder's client and the standalone scanner sign nothing the server trusts: they need no key."""
    source = tmp_path / "in.jsonl"
    lines = [release(f"p-{i}", [bid(k + 1, p) for k, p in enumerate(honest_prices(i, 3))]) for i in range(3)]
    source.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    env = _env_without("GGZY_SECRET_KEY", "GGZY_DEBUG")
    scan = _ggzy("redflags", "scan", str(source), "--out", str(tmp_path / "flags.json"), env=env)
    assert scan.returncode == 0, scan.stderr
    assert _ggzy("bidder", "--help", env=env).returncode == 0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch_when_up(url: str, proc: subprocess.Popen, timeout: float = 60) -> tuple[int, bytes] | None:
    """Poll ``url`` until it answers, the server process exits, or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()
        except OSError:
            try:
                proc.wait(timeout=0.2)  # returns at once if the server died; else the poll interval
            except subprocess.TimeoutExpired:
                continue
            return None
    return None


@pytest.mark.timeout(120)
def test_serve_gunicorn_runs_without_the_virtualenv_on_path(tmp_path):
    """Finding 15: ``ggzy serve --gunicorn`` must not need the virtualenv's bin directory on PATH."""
    venv_bin = Path(sys.executable).parent
    ggzy = venv_bin / "ggzy"
    path = os.pathsep.join(
        p
        for p in os.environ.get("PATH", "").split(os.pathsep)
        if p and Path(p).resolve() != venv_bin.resolve()
    )
    env = _env_without(
        "VIRTUAL_ENV",
        PATH=path or "/usr/bin:/bin",
        GGZY_VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path}/serve.sqlite3",
        GGZY_INSECURE_HTTP="1",
        GGZY_SECRET_KEY="s" * 50,
    )
    port = _free_port()
    proc = subprocess.Popen(
        [str(ggzy), "serve", "--gunicorn", "--workers", "1", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        answer = _fetch_when_up(f"http://127.0.0.1:{port}/static/ggzy/site.css", proc)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            output = proc.communicate(timeout=30)[0].decode(errors="replace")
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            output = proc.communicate()[0].decode(errors="replace")
    assert answer is not None, output
    status, body = answer
    assert status == 200, output
    assert body, output
