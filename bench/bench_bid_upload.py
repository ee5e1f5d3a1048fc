"""Sealed-bid upload throughput through the Django stack vs writing the same bytes to disk.

Each upload is a real ``POST /api/v1/sections/{id}/bids`` through Django's request handler (middleware,
session auth, JSON parsing, manifest signature and digest checks, row lock, insert, receipt signing),
driven in-process by ``django.test.Client`` — no network socket. The baseline writes each envelope to a
file and fsyncs it. Bids of GGZY_BENCH_BID_MB MB (default 5), GGZY_BENCH_BIDS uploads (default 20).

Run: ``python -m bench bid_upload`` (SQLite temp file) or with DATABASE_URL=postgres://... .
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from decimal import Decimal

from bench._django import setup

MB = 1024 * 1024


def _world():
    from ggzy.core.codes import make_uscc
    from ggzy.core.crypto.bidder_side import generate_bidder_keys
    from ggzy.parties.models import Entity, User
    from ggzy.parties.services.keys import entity_key_register
    from ggzy.portal.demo import install_demo_catalogue
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
    tender = tender_publish(actor=buyer_user, tender=tender_create(actor=buyer_user, data=TenderInput(
        procedure_type="works-open", catalogue_code="GC01", title="上传基准", buyer=buyer.uscc,
        tender_period_end=deadline, opening_at=deadline,
        sections=[SectionInput(title="一标段", estimated_amount=Decimal("1000000"))])))
    section = tender.sections.get()
    registration_create(actor=bidder_user, section=section)
    keys = generate_bidder_keys(bidder.uscc)
    for jwk in keys.public_jwks():
        entity_key_register(actor=bidder_user, entity=bidder, jwk=jwk)
    return section, bidder_user, keys


def main() -> None:
    setup()
    from django.conf import settings
    from django.test import Client

    from ggzy.core.crypto.bidder_side import build_bid_content, seal_bid

    size_mb = float(os.environ.get("GGZY_BENCH_BID_MB", "5"))
    count = int(os.environ.get("GGZY_BENCH_BIDS", "20"))
    settings.ALLOWED_HOSTS = ["*"]
    section, user, keys = _world()
    sealed = []
    for i in range(count):
        payload = b"%PDF-1.7\n" + os.urandom(int(size_mb * MB * 0.74))  # base64 inside the JWE adds 4/3
        content = build_bid_content(section_id=str(section.pk), bidder=keys.uscc, amount=f"{1000 + i}.00",
                                    files=[("技术标.pdf", "application/pdf", payload)])
        sealed.append(seal_bid(content=content, keys=keys, section_id=str(section.pk)))
    total = sum(len(s["envelope"].encode()) for s in sealed)
    client = Client()
    client.force_login(user)
    import json

    bodies = [json.dumps({"envelope": s["envelope"], "manifest": s["manifest"], "fingerprint": {}}) for s in sealed]
    started = time.perf_counter()
    for body in bodies:
        res = client.post(f"/api/v1/sections/{section.pk}/bids", body, content_type="application/json")
        assert res.status_code == 201, res.content[:300]
    http_seconds = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        for i, s in enumerate(sealed):
            with open(os.path.join(tmp, f"bid-{i}.json"), "wb") as fh:
                fh.write(s["envelope"].encode())
                fh.flush()
                os.fsync(fh.fileno())
        disk_seconds = time.perf_counter() - started
    mb = total / MB
    print(f"uploads: {count} × {mb / count:.1f} MB envelopes ({settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]})")
    print(f"through the Django stack: {http_seconds:.2f} s = {mb / http_seconds:.1f} MB/s "
          f"({http_seconds / count * 1000:.0f} ms per bid)")
    print(f"write + fsync to disk:    {disk_seconds:.2f} s = {mb / disk_seconds:.1f} MB/s")
    print(f"ratio: {http_seconds / disk_seconds:.1f}×")
