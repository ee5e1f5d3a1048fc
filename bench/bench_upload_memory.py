"""Peak Python memory and time of ONE large sealed-bid upload vs the same work minus stack and bookkeeping.

The upload is a real ``POST /api/v1/sections/{id}/bids`` through Django (in-process ``Client``: body spooled
to a temporary file, JSON parsed, manifest signature and digest checked, row lock, insert, receipt, audit).
Baseline, "same work minus stack and bookkeeping" (``bench_bid_upload.same_work``): the same body bytes decoded
and parsed, the same ``verify_submission``, the receipt signed, the envelope written to a file and fsynced.
For reference, the write + fsync alone. Each is run twice: timed, then under ``tracemalloc`` for the peak
(Python allocations; SQLite's own copy is not counted). The test client holds one copy of the request body
itself (counted in the upload's peak); the second upload is a resubmission, so its peak also covers moving the
first envelope out of the database. The baseline's input body is allocated beforehand (not in its peak).
Envelope size GGZY_BENCH_BID_MB (default 46). Run: ``python -m bench upload_memory``.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
import tracemalloc

from bench._django import setup
from bench._report import load
from bench.bench_bid_upload import _world, same_work

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

    from ggzy.trading.tendering.bidder_client.sealing import build_bid_content, seal_bid

    size_mb = float(os.environ.get("GGZY_BENCH_BID_MB", "46"))
    settings.ALLOWED_HOSTS = ["*"]
    sections, user, keys = _world()
    section = sections[0]
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

    from ggzy.trading.tendering.conf import bid_max_bytes
    from ggzy.trading.tendering.services.bids import section_id_text

    check = {"section_id": section_id_text(section), "uscc": keys.uscc, "sig_jwk": keys.sig_public,
             "max_bytes": bid_max_bytes()}  # fmt: skip
    var_dir = os.environ.get("GGZY_VAR_DIR")

    def same_work_once():
        with tempfile.NamedTemporaryFile(dir=var_dir) as fh:
            same_work(body, fh.name, **check)

    def write_to_disk():
        with tempfile.NamedTemporaryFile(dir=var_dir) as fh:
            fh.write(envelope_bytes)
            fh.flush()
            os.fsync(fh.fileno())

    _, base_s, base_peak = _measure(same_work_once)
    _, disk_s, disk_peak = _measure(write_to_disk)
    mb = len(envelope_bytes) / MB
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"one upload of a {mb:.1f} MiB envelope ({engine}); {load()}")
    for name, seconds, peak in (
        ("through the Django stack", http_s, http_peak),
        ("baseline, same work minus stack and bookkeeping", base_s, base_peak),
        ("for reference, write + fsync alone", disk_s, disk_peak),
    ):
        print(
            f"{name:<48} {seconds:6.2f} s, peak {peak / MB:6.1f} MiB ({peak / len(envelope_bytes):.2f}× envelope)"
        )
    print(
        f"ratio upload / same work minus stack and bookkeeping: time {http_s / base_s:.2f}×, "
        f"peak memory {http_peak / base_peak:.2f}×"
    )
