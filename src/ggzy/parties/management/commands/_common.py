"""Shared bits of the parties management commands."""

from __future__ import annotations

import contextlib
import json

from django.core.management.base import CommandError

from ggzy.core.context import RequestContext, reset_context, set_context
from ggzy.core.exceptions import GgzyError


@contextlib.contextmanager
def cli_context():
    """Audit records written by the CLI say so; service refusals become clean command errors."""
    token = set_context(RequestContext(channel="cli"))
    try:
        yield
    except GgzyError as exc:
        raise CommandError(f"{exc.message}（{exc.code}）") from exc
    finally:
        reset_context(token)


def as_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, default=str)
