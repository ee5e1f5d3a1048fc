"""Before the opening a full copy of the database and of the stored files holds no bid price or bid plaintext
(issue 3, security). Runs on SQLite (serialised database image) and PostgreSQL (pg_dump)."""

import os
import subprocess
from pathlib import Path

import pytest
from django.db import connection

from ggzy.trading.tendering.models import envelope_text

from .conftest import DEADLINE
from .test_opening import submit_bids

pytestmark = pytest.mark.django_db(transaction=True)

PRICES = ["98765432.17", "87654321.29", "76543210.33"]
MARKERS = ["ZQX-MARKER-7f3a9c", "ZQX-MARKER-b21e44", "ZQX-MARKER-c90d12"]


def database_dump() -> bytes:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return connection.connection.serialize()
    if connection.vendor == "postgresql":
        cfg = connection.settings_dict
        env = {**os.environ, "PGPASSWORD": cfg.get("PASSWORD") or ""}
        args = [
            "pg_dump",
            "-h",
            cfg.get("HOST") or "127.0.0.1",
            "-p",
            str(cfg.get("PORT") or 5432),
            "-U",
            cfg.get("USER") or "postgres",
            "--no-owner",
            cfg["NAME"],
        ]
        return subprocess.run(args, check=True, capture_output=True, env=env, timeout=120).stdout
    pytest.skip(f"no dump for {connection.vendor}")


def media_dump(root: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()) if root.exists() else b""


def spellings(price: str) -> list[bytes]:
    whole, cents = price.split(".")
    grouped = f"{int(whole):,}.{cents}"
    return [s.encode() for s in (price, grouped, price.replace(".", ""))] + [price.encode("utf-16-le")]


def test_no_price_or_plaintext_in_database_or_media_before_the_opening(
    reseeded, parties, published, settings, tmp_path, clock_at
):
    settings.MEDIA_ROOT = tmp_path / "media"
    section = published.sections.get()
    users = parties["bidders"][:3]
    bids = {}
    for user, price, marker in zip(users, PRICES, MARKERS, strict=True):
        from ggzy.trading.tendering.bidder_client.sealing import build_bid_content, seal_bid
        from ggzy.trading.tendering.services.bids import bid_submit
        from ggzy.trading.tendering.services.participation import registration_create

        from .conftest import keys_for, register_keys

        registration_create(actor=user, section=section)
        register_keys(user)
        content = build_bid_content(
            section_id=str(section.pk),
            bidder=user.entity.uscc,
            amount=price,
            declared={"durationDays": 365, "note": marker},
            files=[("技术标.txt", "text/plain", f"技术方案 {marker} 报价{price}".encode())],
        )
        sealed = seal_bid(content=content, keys=keys_for(user.entity.uscc), section_id=str(section.pk))
        bids[user.username] = bid_submit(
            actor=user, section=section, envelope=sealed["envelope"], manifest=sealed["manifest"]
        )
    clock_at(DEADLINE)  # the deadline has passed, the opening has not decrypted anything
    from ggzy.trading.tendering.tasks import due_sections

    due_sections()
    dump = database_dump() + media_dump(Path(settings.MEDIA_ROOT))
    assert bids["bidder1"].envelope_sha256.encode() in dump  # the dump really holds the bids
    head = envelope_text(bids["bidder1"]).encode()[:40]
    assert head in dump or head.hex().encode() in dump  # pg_dump writes bytea as hex
    for price in PRICES:
        for spelling in spellings(price):
            assert spelling not in dump and spelling.hex().encode() not in dump, (
                f"price {price} as {spelling!r}"
            )
    for marker in MARKERS:
        for spelling in (marker.encode(), marker.encode("utf-16-le")):
            assert spelling not in dump and spelling.hex().encode() not in dump


def test_the_platform_alone_cannot_open_a_bid(reseeded, parties, published, clock_at):
    """Everything the platform holds — envelope, manifest, keys registered (public only) — does not give
    the content key: decrypting with anything but the bidder's CEK fails."""
    import json

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from ggzy.core.crypto.envelope import DecryptionFailed, open_envelope
    from ggzy.parties.models import EntityKey

    section = published.sections.get()
    out = submit_bids(section, parties["bidders"][:1], ["1000.00"])
    bid, _ = out["bidder1"]
    assert not any("d" in k.jwk or "p" in k.jwk for k in EntityKey.objects.all())  # public keys only
    with pytest.raises(DecryptionFailed):
        open_envelope(
            envelope=envelope_text(bid),
            cek=AESGCM.generate_key(bit_length=256),
            plaintext_sha256=bid.manifest_payload["plaintextSha256"],
        )
    assert "encrypted_key" in json.loads(envelope_text(bid))  # wrapped to the bidder's own RSA key only
