"""Opening sealed bids through the tendering service vs the same work minus the platform's bookkeeping.

Measured, each bid: ``bid_key_submit`` — the full opening step: bid and section reads, the deadline check,
the envelope read from the database, ``open_envelope`` (envelope SHA-256 re-hash, envelope parse, base64url
decode, AES-256-GCM, plaintext SHA-256), ``parse_bid_content`` (content JSON, files' base64 decode, SHA-256,
types and sizes), and recording the result (row locks, bid row, decrypted-content row, audit record; with one
bid per section, every key is the last one, so each also reveals the section and publishes its notice).

Baseline, named "same work minus bookkeeping", same run, interleaved bid by bid: the same calls on the same
bytes — CEK base64url decode, ``open_envelope`` with the same signed digests, ``parse_bid_content`` with the
same limits — on the envelope text read from the database beforehand, outside the timer; no database, no
audit, no reveal. ``verify_submission`` is not part of it: the opening does not run it (it runs at upload);
its time per bid is printed separately.

One bidder, GGZY_BENCH_OPENING_BIDS sections (default 20) of one bid each — a procedure-type row with
``min_bidders=1`` (configuration, not code) — bids of GGZY_BENCH_OPENING_MIB MiB (default 5).
Run: ``python -m bench opening`` (SQLite temp file) or with DATABASE_URL=postgres://... .
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import time
from decimal import Decimal

from bench._django import setup
from bench._report import load

MIB = 1024 * 1024


def main() -> None:
    setup()
    import time_machine

    from ggzy.core import clock
    from ggzy.core.codes import make_uscc
    from ggzy.core.crypto.bid_content import DEFAULT_ALLOWED_MEDIA_TYPES
    from ggzy.core.crypto.envelope import open_envelope, parse_bid_content, verify_submission
    from ggzy.core.crypto.jose import b64url_decode, b64url_encode
    from ggzy.parties.models import Entity, User
    from ggzy.parties.services.keys import entity_key_register
    from ggzy.portal.demo import install_demo_catalogue
    from ggzy.trading.tendering.bidder_client.sealing import (
        build_bid_content,
        generate_bidder_keys,
        seal_bid,
        unwrap_cek,
    )
    from ggzy.trading.tendering.conf import bid_max_bytes
    from ggzy.trading.tendering.models import Bid, ProcedureType, Registration, envelope_text
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
    tender = tender_publish(
        actor=buyer_user,
        tender=tender_create(
            actor=buyer_user,
            data=TenderInput(
                procedure_type="bench-single",
                catalogue_code="GC01",
                title="开标基准",
                buyer=buyer.uscc,
                tender_period_end=deadline,
                opening_at=deadline,
                opening_window_minutes=240,
                sections=[
                    SectionInput(title=f"第{i}包", estimated_amount=Decimal("1000000"))
                    for i in range(1, count + 1)
                ],
            ),
        ),
    )
    keys = generate_bidder_keys(bidder.uscc)
    for jwk in keys.public_jwks():
        entity_key_register(actor=bidder_user, entity=bidder, jwk=jwk)
    sealed, verify_seconds = {}, 0.0
    for section in tender.sections.all():
        Registration.objects.create(section=section, entity=bidder, user=bidder_user, created_at=clock.now())
        payload = b"%PDF-1.7\n" + os.urandom(int(size * 0.74))
        content = build_bid_content(
            section_id=str(section.pk),
            bidder=bidder.uscc,
            amount="999.00",
            files=[("技术标.pdf", "application/pdf", payload)],
        )
        s = seal_bid(content=content, keys=keys, section_id=str(section.pk))
        started = time.perf_counter()
        verify_submission(
            envelope=s["envelope"],
            manifest=s["manifest"],
            section_id=str(section.pk),
            bidder_uscc=bidder.uscc,
            sig_jwk=keys.sig_public,
            enc_kid=keys.enc["kid"],
            max_bytes=64 * MIB,
        )
        verify_seconds += time.perf_counter() - started
        bid = bid_submit(actor=bidder_user, section=section, envelope=s["envelope"], manifest=s["manifest"])
        sealed[bid.pk] = (s, b64url_encode(unwrap_cek(envelope=s["envelope"], keys=keys)))
    envelope_mib = sum(len(s["envelope"]) for s, _ in sealed.values()) / MIB
    # Baseline input, read outside any timer: the envelope text the opening reads from the database,
    # the signed digests and the bidder's CEK exactly as the opening receives them.
    inputs = {
        bid.pk: (envelope_text(bid), bid.manifest_payload) for bid in Bid.objects.filter(pk__in=list(sealed))
    }
    max_file_bytes = bid_max_bytes()

    def same_work(bid_pk: int, section_id: str) -> None:
        """bid_key_submit's cryptographic and decoding work, minus its bookkeeping: CEK base64url decode,
        open_envelope (envelope SHA-256 re-hash, envelope parse, ciphertext base64url decode, AES-256-GCM,
        plaintext SHA-256) and parse_bid_content (content JSON, files' base64 decode and SHA-256)."""
        envelope, payload = inputs[bid_pk]
        raw_cek = b64url_decode(sealed[bid_pk][1])
        assert len(raw_cek) == 32
        plaintext = open_envelope(envelope=envelope, cek=raw_cek, plaintext_sha256=payload["plaintextSha256"],
                                  envelope_sha256=payload["envelopeSha256"])  # fmt: skip
        content = parse_bid_content(plaintext=plaintext, section_id=section_id, bidder_uscc=bidder.uscc,
                                    allowed_media_types=DEFAULT_ALLOWED_MEDIA_TYPES, max_file_bytes=max_file_bytes)  # fmt: skip
        assert content["files"]

    service, baseline = [], []
    with time_machine.travel(deadline + dt.timedelta(minutes=1), tick=False):
        apply_due_sections()
        for bid in Bid.objects.filter(pk__in=list(sealed)).order_by("pk"):  # interleaved: same load on both
            started = time.perf_counter()
            same_work(bid.pk, str(bid.section_id))
            baseline.append(time.perf_counter() - started)
            started = time.perf_counter()
            bid_key_submit(actor=bidder_user, bid=bid, cek=sealed[bid.pk][1])
            service.append(time.perf_counter() - started)
    assert Bid.objects.filter(status="decrypted").count() == count
    engine = os.environ.get("DATABASE_URL", "sqlite").split(":", 1)[0]
    svc, base = sum(service), sum(baseline)
    svc_med, base_med = statistics.median(service), statistics.median(baseline)
    print(f"bids: {count} × {envelope_mib / count:.1f} MiB envelopes ({engine}); {load()}")
    print(
        f"opening via bid_key_submit (the same work + bookkeeping: bid/section reads, deadline check, envelope "
        f"read from the database, row locks, bid update, BidContent row, audit record, reveal notice): "
        f"{svc:.2f} s, median {svc_med * 1000:.0f} ms per bid"
    )
    print(
        f"baseline, same work minus bookkeeping (CEK decode, open_envelope with the envelope re-hash, "
        f"parse_bid_content; envelope already in memory): {base:.2f} s, median {base_med * 1000:.0f} ms per bid"
    )
    print(
        f"ratio opening / same work minus bookkeeping: {svc_med / base_med:.2f}× (medians), {svc / base:.2f}× (totals)"
    )
    print(
        f"upload-time verify_submission (runs at upload, not part of the opening): {verify_seconds / count * 1000:.0f} ms "
        f"per bid"
    )
    print(f"after: {load()}")
