"""Bid uploads (finding 10: four concurrent 46 MB uploads took a server from 86 MB to 638 MB).

* ``upload_slot`` — at most ``GGZY_MAX_CONCURRENT_UPLOADS`` bid uploads run at once in one process; the next
  one is refused at once (503 ``uploads_busy``, ``Retry-After``) before its body is read, so memory and disk
  in flight stay bounded whatever the number of clients.
* ``spool_body`` — the body is read in 1 MiB chunks into a temporary file under ``GGZY_VAR_DIR/tmp`` (never
  one large ``read()``), with the size limit enforced while reading, so a body without ``Content-Length``
  cannot grow past the limit either.
* ``body_stream`` — ``Transfer-Encoding: chunked`` bodies have no ``Content-Length``; Django then sees an
  empty body. Servers that decode the framing and end the stream (gunicorn sets ``wsgi.input_terminated``)
  are read through ``wsgi.input``; other servers (Django's development server) get 411
  ``length_required`` instead of a misleading "invalid JSON".
"""

from __future__ import annotations

import contextlib
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from django.conf import settings

from ggzy.core.exceptions import GgzyError, InvalidInput, ServiceBusy

from .conf import max_concurrent_uploads

CHUNK_BYTES = 1024 * 1024
BUSY_RETRY_AFTER_SECONDS = 5

_slots: dict[int, threading.BoundedSemaphore] = {}
_slots_lock = threading.Lock()


class LengthRequired(GgzyError):
    status = 411
    default_code = "length_required"
    default_message = "请求须带 Content-Length，或经支持分块传输的服务器提交"


def _semaphore(limit: int) -> threading.BoundedSemaphore:
    with _slots_lock:
        return _slots.setdefault(limit, threading.BoundedSemaphore(limit))


@contextlib.contextmanager
def upload_slot() -> Iterator[None]:
    """Hold one of the process's upload slots for the duration of the block, or refuse (503)."""
    limit = max_concurrent_uploads()
    semaphore = _semaphore(limit)
    if not semaphore.acquire(blocking=False):
        raise ServiceBusy(
            f"当前同时上传的投标文件已达上限（{limit}个），请{BUSY_RETRY_AFTER_SECONDS}秒后重试",
            code="uploads_busy",
            details={"limit": limit, "retryAfterSeconds": BUSY_RETRY_AFTER_SECONDS},
        )
    try:
        yield
    finally:
        semaphore.release()


def body_stream(request) -> IO[bytes]:
    meta = request.META
    chunked = "chunked" in meta.get("HTTP_TRANSFER_ENCODING", "").lower()
    if chunked and not meta.get("CONTENT_LENGTH"):
        if meta.get("wsgi.input_terminated"):
            return meta["wsgi.input"]
        raise LengthRequired()
    return request


def too_large(max_bytes: int) -> InvalidInput:
    return InvalidInput("投标文件超过大小上限", code="envelope_too_large", details={"maxBytes": max_bytes})


def spool_body(request, *, limit: int, max_bytes: int) -> IO[bytes]:
    """The request body in a temporary file (deleted on close), positioned at its start."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        raise too_large(max_bytes)
    directory = Path(settings.VAR_DIR) / "tmp"
    directory.mkdir(parents=True, exist_ok=True)
    spool = tempfile.TemporaryFile(dir=directory)  # noqa: SIM115 — returned to the caller, who closes it
    try:
        stream, size = body_stream(request), 0
        while chunk := stream.read(min(CHUNK_BYTES, limit + 1 - size)):
            size += len(chunk)
            if size > limit:
                raise too_large(max_bytes)
            spool.write(chunk)
        spool.seek(0)
    except BaseException:
        spool.close()
        raise
    return spool
