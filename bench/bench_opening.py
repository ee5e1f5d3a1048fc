"""Opening sealed bids through the tendering service vs the bare cryptography on the same bytes.

Each bid: ``bid_key_submit`` — the full opening step: row locks, ``open_envelope`` (envelope digest,
AES-256-GCM, plaintext digest), ``parse_bid_content`` (file types and sizes), and recording the result
(bid row, decrypted content row, audit record; the reveal and its notice when the last key arrives).
Upload-time verification (``verify_submission``) is measured separately (it runs at upload, not at
the opening). Baseline, same run, same bytes: AES-256-GCM decrypt of the already-decoded ciphertext +
ECDSA P-256 verify of the manifest.

One bidder, GGZY_BENCH_OPENING_BIDS sections (default 20) of one bid each — a procedure-type row with
``min_bidders=1`` (configuration, not code) — bids of GGZY_BENCH_OPENING_MIB MiB (default 5).
Run: ``python -m bench opening`` (SQLite temp file) or with DATABASE_URL=postgres://... .
"""

from __future__ import annotations

import datetime as dt
import os
import time
from decimal import Decimal

from bench._django import setup

MIB = 1024 * 1024


def main() -> None:
    setup()
    import json

    import time_machine
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from ggzy.core import clock
    from ggzy.core.codes import make_uscc
    from ggzy.core.crypto.bidder_side import build_bid_content, generate_bidder_keys, seal_bid, unwrap_cek
    from ggzy.core.crypto.envelope import verify_submission
    from ggzy.core.crypto.jose import (
        b64url_decode,
        b64url_encode,
        es256_verify,
        p256_public_key,
        split_compact_jws,
    )
    from ggzy.parties.models import Entity, User
    from ggzy.parties.services.keys import entity_key_register
    from ggzy.portal.demo import install_demo_catalogue
    from ggzy.trading.tendering.models import Bid, ProcedureType, Registration
    from ggzy.trading.tendering.services.bids import bid_submit
    from ggzy.trading.tendering.services.opening import bid_key_submit
    from ggzy.trading.tendering.services.tenders import (
        SectionInput,
        TenderInput,
        tender_create,
        tender_publish,
    )
    from ggzy.trading.tendering.services.transitions import apply_due_sections

    count = int(os.environ.get("GGZY_BENCH_OPENING_BIDS", "20"))
    size = int(float(os.environ.get("GGZY_BENCH_OPENING_MIB", "5")) * MIB)
    install_demo_catalogue()
    base = ProcedureType.objects.get(code="works-open")
    base.pk, base.code, base.name, base.min_bidders = None, "bench-single", "基准：单一投标", 1
    base.save()
    buyer = Entity.objects.create(uscc=make_uscc("12310000MB0BENCH1"), name="基准招标人", status="verified")
    bidder = Entity.objects.create(uscc=make_uscc("91310000MA1BENCH1"), name="基准投标人", status="verified")
    buyer_user = User.objects.create(username="bench-buyer2", role="buyer", entity=buyer)
    bidder_user = User.objects.create(username="bench-bidder2", role="bidder", entity=bidder)
    deadline = clock.now() + dt.timedelta(days=40)
    tender = tender_publish(actor=buyer_user, tender=tender_create(actor=buyer_user, data=TenderInput(
        procedure_type="bench-single", catalogue_code="GC01", title="开标基准", buyer=buyer.uscc,
        tender_period_end=deadline, opening_at=deadline, opening_window_minutes=240,
        sections=[SectionInput(title=f"第{i}包", estimated_amount=Decimal("1000000")) for i in range(1, count + 1)])))
    keys = generate_bidder_keys(bidder.uscc)
    for jwk in keys.public_jwks():
        entity_key_register(actor=bidder_user, entity=bidder, jwk=jwk)
    sealed, verify_seconds = {}, 0.0
    for section in tender.sections.all():
        Registration.objects.create(section=section, entity=bidder, user=bidder_user, created_at=clock.now())
        payload = b"%PDF-1.7\n" + os.urandom(int(size * 0.74))
        content = build_bid_content(section_id=str(section.pk), bidder=bidder.uscc, amount="999.00",
                                    files=[("技术标.pdf", "application/pdf", payload)])
        s = seal_bid(content=content, keys=keys, section_id=str(section.pk))
        started = time.perf_counter()
        verify_submission(envelope=s["envelope"], manifest=s["manifest"], section_id=str(section.pk),
                          bidder_uscc=bidder.uscc, sig_jwk=keys.sig_public, enc_kid=keys.enc["kid"],
                          max_bytes=64 * MIB)
        verify_seconds += time.perf_counter() - started
        bid = bid_submit(actor=bidder_user, section=section, envelope=s["envelope"], manifest=s["manifest"])
        sealed[bid.pk] = (s, b64url_encode(unwrap_cek(envelope=s["envelope"], keys=keys)))
    envelope_mib = sum(len(s["envelope"]) for s, _ in sealed.values()) / MIB
    with time_machine.travel(deadline + dt.timedelta(minutes=1), tick=False):
        apply_due_sections()
        started = time.perf_counter()
        for bid in Bid.objects.filter(pk__in=list(sealed)).order_by("pk"):
            bid_key_submit(actor=bidder_user, bid=bid, cek=sealed[bid.pk][1])
        service_seconds = time.perf_counter() - started
    assert Bid.objects.filter(status="decrypted").count() == count
    # Baseline on the same bytes: decode outside the timer, then AES-GCM + ECDSA only.
    prepared = []
    public = p256_public_key(keys.sig_public)
    for s, cek in sealed.values():
        env = json.loads(s["envelope"])
        _, _, signing_input, signature = split_compact_jws(s["manifest"])
        prepared.append((b64url_decode(cek), b64url_decode(env["iv"]),
                         b64url_decode(env["ciphertext"]) + b64url_decode(env["tag"]),
                         env["protected"].encode("ascii"), signing_input, signature))
    started = time.perf_counter()
    for cek, iv, data, aad, signing_input, signature in prepared:
        AESGCM(cek).decrypt(iv, data, aad)
        assert es256_verify(public, signature, signing_input)
    raw_seconds = time.perf_counter() - started
    engine = os.environ.get("DATABASE_URL", "sqlite").split(":", 1)[0]
    print(f"bids: {count} × {envelope_mib / count:.1f} MiB envelopes ({engine})")
    print(f"opening via bid_key_submit (decrypt + check + record + reveal): {service_seconds:.2f} s "
          f"({service_seconds / count * 1000:.0f} ms per bid)")
    print(f"raw AES-256-GCM + ES256 verify, same bytes:                  {raw_seconds:.2f} s "
          f"({raw_seconds / count * 1000:.0f} ms per bid)")
    print(f"ratio opening / raw: {service_seconds / raw_seconds:.1f}×")
    print(f"upload-time verify_submission (not part of the opening): {verify_seconds / count * 1000:.0f} ms per bid")
