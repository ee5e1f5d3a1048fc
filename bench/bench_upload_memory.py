"""Peak Python memory and time of ONE large sealed-bid upload vs writing the same bytes to disk.

The upload is a real ``POST /api/v1/sections/{id}/bids`` through Django (in-process ``Client``: body spooled
to a temporary file, JSON parsed, manifest signature and digest checked, row lock, insert, receipt). The
baseline does the same I/O work without any checking: the same envelope bytes written to a file and fsynced.
Each is run twice: timed, then under ``tracemalloc`` for the peak (Python allocations; SQLite's own copy is not
counted). The test client holds one copy of the request body itself (counted in the upload's peak); the second
upload is a resubmission, so its peak also covers moving the first envelope out of the database.
Envelope size GGZY_BENCH_BID_MB (default 46). Run: ``python -m bench upload_memory``.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
import tracemalloc

from bench._django import setup
from bench.bench_bid_upload import _world

MB = 1024 * 1024


def _measure(fn):
    """(result, seconds, peak bytes): timed without tracing (tracemalloc slows allocations), then run again
    under tracemalloc for the peak."""
    started = time.perf_counter()
    fn()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    tracemalloc.reset_peak()
    result = fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, seconds, peak


def main() -> None:
    setup()
    from django.conf import settings
    from django.test import Client

    from ggzy.core.crypto.bidder_side import build_bid_content, seal_bid

    size_mb = float(os.environ.get("GGZY_BENCH_BID_MB", "46"))
    settings.ALLOWED_HOSTS = ["*"]
    section, user, keys = _world()
    payload = b"%PDF-1.7\n" + os.urandom(int(size_mb * MB * 0.5625))  # base64 twice: × 16/9
    content = build_bid_content(
        section_id=str(section.pk),
        bidder=keys.uscc,
        amount="1000.00",
        files=[("技术标.pdf", "application/pdf", payload)],
    )
    sealed = seal_bid(content=content, keys=keys, section_id=str(section.pk))
    del payload, content
    envelope_bytes = sealed["envelope"].encode()
    body = json.dumps({"envelope": sealed["envelope"], "manifest": sealed["manifest"]}).encode()
    client = Client()
    client.force_login(user)
    res, http_s, http_peak = _measure(
        lambda: client.post(f"/api/v1/sections/{section.pk}/bids", body, content_type="application/json")
    )
    assert res.status_code == 201, res.content[:300]

    def write_to_disk():
        with tempfile.NamedTemporaryFile(dir=os.environ.get("GGZY_VAR_DIR")) as fh:
            fh.write(envelope_bytes)
            fh.flush()
            os.fsync(fh.fileno())

    _, disk_s, disk_peak = _measure(write_to_disk)
    mb = len(envelope_bytes) / MB
    print(
        f"one upload of a {mb:.1f} MiB envelope ({settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]})"
    )
    print(
        f"through the Django stack: {http_s:.2f} s, peak {http_peak / MB:.1f} MiB ({http_peak / len(envelope_bytes):.2f}× envelope)"
    )
    print(f"write + fsync to disk:    {disk_s:.2f} s, peak {disk_peak / MB:.1f} MiB")
