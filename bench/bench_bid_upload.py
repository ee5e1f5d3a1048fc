"""Sealed-bid upload throughput through the Django stack vs the same work minus the stack and bookkeeping.

Measured: a real ``POST /api/v1/sections/{id}/bids`` through Django's request handler (middleware, session
auth, body spooled to a temporary file, JSON parsing, deadline/registration/key lookups, ``verify_submission``,
row lock, insert of the bid and its envelope, receipt signing, audit record), one section per upload so each
is a first submission (a bidder may submit at most 5 times per section), driven in-process by ``django.test.Client`` — no
network socket.

Baseline, named "same work minus stack and bookkeeping", same run, interleaved upload by upload: the same
body bytes decoded and parsed with the same JSON parser, the envelope and manifest headers read, the same
``verify_submission`` call (manifest ES256, envelope SHA-256, structure and base64url checks), the receipt
signed, and the envelope written to a file and fsynced (durable storage, as the database commit is).
For reference, the write + fsync alone is printed too.
Bids of GGZY_BENCH_BID_MB MB (default 5), GGZY_BENCH_BIDS uploads (default 20).

Run: ``python -m bench bid_upload`` (SQLite temp file) or with DATABASE_URL=postgres://... .
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import tempfile
import time
from decimal import Decimal

from bench._django import setup
from bench._report import load

MB = 1024 * 1024


def _world(sections: int = 1):
    """A published tender with ``sections`` sections, one bidder registered for each, its keys registered."""
    from ggzy.core.codes import make_uscc
    from ggzy.parties.models import Entity, User
    from ggzy.parties.services.keys import entity_key_register
    from ggzy.portal.demo import install_demo_catalogue
    from ggzy.trading.tendering.bidder_client.sealing import generate_bidder_keys
    from ggzy.trading.tendering.services.participation import registration_create
    from ggzy.trading.tendering.services.tenders import (
        SectionInput,
        TenderInput,
        tender_create,
        tender_publish,
    )

    install_demo_catalogue()
    buyer = Entity.objects.create(uscc=make_uscc("12310000MB0BENCH0"), name="基准招标人", status="verified")
    bidder = Entity.objects.create(uscc=make_uscc("91310000MA1BENCH0"), name="基准投标人", status="verified")
    buyer_user = User.objects.create(username="bench-buyer", role="buyer", entity=buyer)
    bidder_user = User.objects.create(username="bench-bidder", role="bidder", entity=bidder)
    from ggzy.core import clock

    deadline = clock.now() + dt.timedelta(days=40)
    tender = tender_publish(
        actor=buyer_user,
        tender=tender_create(
            actor=buyer_user,
            data=TenderInput(
                procedure_type="works-open",
                catalogue_code="GC01",
                title="上传基准",
                buyer=buyer.uscc,
                tender_period_end=deadline,
                opening_at=deadline,
                sections=[
                    SectionInput(title=f"第{n}标段", estimated_amount=Decimal("1000000"))
                    for n in range(1, sections + 1)
                ],
            ),
        ),
    )
    created = list(tender.sections.order_by("pk"))
    for section in created:
        registration_create(actor=bidder_user, section=section)
    keys = generate_bidder_keys(bidder.uscc)
    for jwk in keys.public_jwks():
        entity_key_register(actor=bidder_user, entity=bidder, jwk=jwk)
    return created, bidder_user, keys


def same_work(body: bytes, path: str, *, section_id: str, uscc: str, sig_jwk: dict, max_bytes: int) -> None:
    """The upload's parsing, checks, receipt and durable write, without Django, the database or the audit."""
    from ggzy.core import clock
    from ggzy.core.crypto.envelope import manifest_kid, parse_envelope, sign_receipt, verify_submission
    from ggzy.core.request_edge import loads_json

    document = loads_json(body.decode("utf-8"))
    envelope, manifest = document["envelope"], document["manifest"]
    enc_kid = parse_envelope(envelope).kid
    manifest_kid(manifest)
    payload = verify_submission(envelope=envelope, manifest=manifest, section_id=section_id, bidder_uscc=uscc,
                                sig_jwk=sig_jwk, enc_kid=enc_kid, max_bytes=max_bytes)  # fmt: skip
    sign_receipt(bid_id="0", section_id=section_id, bidder=uscc, envelope_sha256=payload["envelopeSha256"],
                 received_at=clock.now())  # fmt: skip
    with open(path, "wb") as fh:
        fh.write(envelope.encode("utf-8"))
        fh.flush()
        os.fsync(fh.fileno())


def main() -> None:
    setup()
    from django.conf import settings
    from django.test import Client

    from ggzy.trading.tendering.bidder_client.sealing import build_bid_content, seal_bid
    from ggzy.trading.tendering.conf import bid_max_bytes
    from ggzy.trading.tendering.services.bids import section_id_text

    size_mb = float(os.environ.get("GGZY_BENCH_BID_MB", "5"))
    count = int(os.environ.get("GGZY_BENCH_BIDS", "20"))
    settings.ALLOWED_HOSTS = ["*"]
    sections, user, keys = _world(
        count
    )  # one section per upload: each a first submission (at most 5 per section)
    sealed = []
    for i, section in enumerate(sections):
        payload = b"%PDF-1.7\n" + os.urandom(int(size_mb * MB * 0.74))  # base64 inside the JWE adds 4/3
        content = build_bid_content(section_id=str(section.pk), bidder=keys.uscc, amount=f"{1000 + i}.00",
                                    files=[("技术标.pdf", "application/pdf", payload)])  # fmt: skip
        sealed.append(seal_bid(content=content, keys=keys, section_id=str(section.pk)))
    total = sum(len(s["envelope"].encode()) for s in sealed)
    client = Client()
    client.force_login(user)
    bodies = [json.dumps({"envelope": s["envelope"], "manifest": s["manifest"], "fingerprint": {}}).encode()
              for s in sealed]  # fmt: skip
    checks = [{"section_id": section_id_text(section), "uscc": keys.uscc, "sig_jwk": keys.sig_public,
               "max_bytes": bid_max_bytes()} for section in sections]  # fmt: skip
    http, base, disk = [], [], []
    with tempfile.TemporaryDirectory(dir=os.environ.get("GGZY_VAR_DIR")) as tmp:
        same_work(
            bodies[0], os.path.join(tmp, "warm-up.json"), **checks[0]
        )  # imports, key objects: not timed
        for i, (body, s, section) in enumerate(zip(bodies, sealed, sections, strict=True)):  # interleaved
            started = time.perf_counter()
            same_work(body, os.path.join(tmp, f"bid-{i}.json"), **checks[i])
            base.append(time.perf_counter() - started)
            started = time.perf_counter()
            with open(os.path.join(tmp, f"raw-{i}.json"), "wb") as fh:
                fh.write(s["envelope"].encode())
                fh.flush()
                os.fsync(fh.fileno())
            disk.append(time.perf_counter() - started)
            started = time.perf_counter()
            res = client.post(f"/api/v1/sections/{section.pk}/bids", body, content_type="application/json")
            http.append(time.perf_counter() - started)
            assert res.status_code == 201, res.content[:300]
    mb = total / MB
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"uploads: {count} × {mb / count:.1f} MiB envelopes ({engine}); {load()}")
    for name, times in (
        ("through the Django stack (POST /bids)", http),
        ("baseline, same work minus stack and bookkeeping", base),
        ("for reference, write + fsync alone", disk),
    ):
        print(f"{name:<48} {sum(times):6.2f} s = {mb / sum(times):6.1f} MiB/s, "
              f"median {statistics.median(times) * 1000:5.0f} ms per bid")  # fmt: skip
    print(
        f"ratio upload / same work minus stack and bookkeeping: "
        f"{statistics.median(http) / statistics.median(base):.2f}× (medians), {sum(http) / sum(base):.2f}× (totals)"
    )
    print(f"after: {load()}")
