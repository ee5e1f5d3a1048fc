"""Opening sealed bids: the platform functions against bare cryptography on the same bytes.

For each bid: ``verify_submission`` (manifest ES256 + envelope digest) and ``open_envelope``
(AES-256-GCM + plaintext digest, with the envelope re-hash that tendering's opening uses), all in memory.

Baseline, same bytes, same run, interleaved bid by bid:
- "mandated minimum": the work the spec requires, done by hand with the standard library and none of our
  checks — SHA-256 of the envelope bytes, the envelope JSON parsed (the multi-megabyte ciphertext member sliced
  out as text first, as the platform does, so neither side runs the JSON scanner over it), base64url decode,
  AES-256-GCM, SHA-256 of the plaintext, ECDSA P-256 verify of the manifest.
Reference, not a baseline (it does less work than the platform must): "raw", AES-256-GCM decrypt of the
already-decoded ciphertext + ECDSA verify — the floor set by the cipher and the signature alone.

Defaults: 100 bids of 5 MiB plaintext (a pool of distinct bids, cycled: every open reads all bytes).
Full size: GGZY_BENCH_ENVELOPE_BIDS=1000. Size: GGZY_BENCH_ENVELOPE_MIB=5.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from bench._report import load  # noqa: E402

POOL = 4


def _sealed_pool(keys, mib: float, section: str):
    from ggzy.trading.tendering.bidder_client.sealing import build_bid_content, seal_bid, unwrap_cek

    pool = []
    file_bytes = int(mib * 1024 * 1024 * 3 / 4)  # base64 in the JSON content: plaintext ≈ mib MiB
    for i in range(POOL):
        pdf = b"%PDF-1.7\n" + os.urandom(file_bytes - 9)
        content = build_bid_content(section_id=section, bidder=keys.uscc, amount=f"{1000000 + i}.50",
                                    files=[(f"技术标{i}.pdf", "application/pdf", pdf)])  # fmt: skip
        sealed = seal_bid(content=content, keys=keys, section_id=section)
        sealed["cek"] = unwrap_cek(envelope=sealed["envelope"], keys=keys)
        pool.append(sealed)
    return pool


def _platform_once(bid, keys, section, max_bytes, *, rehash: bool) -> int:
    from ggzy.core.crypto.envelope import open_envelope, verify_submission

    manifest = verify_submission(envelope=bid["envelope"], manifest=bid["manifest"], section_id=section,
                                 bidder_uscc=keys.uscc, sig_jwk=keys.sig_public, enc_kid=keys.enc["kid"],
                                 max_bytes=max_bytes)  # fmt: skip
    plaintext = open_envelope(
        envelope=bid["envelope"], cek=bid["cek"], plaintext_sha256=manifest["plaintextSha256"],
        envelope_sha256=manifest["envelopeSha256"] if rehash else None,
    )  # fmt: skip
    return len(plaintext)


def _b64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _verifier(keys, manifest: str):
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

    head, body, sig = manifest.split(".")
    raw = _b64url(sig)
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    public = keys.sig_private_key().public_key()
    signing_input = f"{head}.{body}".encode()
    return lambda: public.verify(der, signing_input, ec.ECDSA(hashes.SHA256()))


def _loads_envelope_by_hand(text: str) -> dict:
    """json.loads of the envelope with the ciphertext member's text sliced out and put back (base64url has no
    characters JSON escapes), so the scanner does not run over megabytes of ciphertext."""
    key = text.find('"ciphertext"')
    begin = text.find('"', text.find(":", key + len('"ciphertext"'))) + 1
    end = text.find('"', begin)
    doc = json.loads(text[:begin] + text[end:])
    doc["ciphertext"] = text[begin:end]
    return doc


def _raw_runner(pool, keys):
    """Bare AES-GCM + ECDSA over bytes decoded beforehand (outside the timing)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    prepared = []
    for bid in pool:
        doc = json.loads(bid["envelope"])
        prepared.append((AESGCM(bid["cek"]), _b64url(doc["iv"]), _b64url(doc["ciphertext"]) + _b64url(doc["tag"]),
                         doc["protected"].encode(), _verifier(keys, bid["manifest"])))  # fmt: skip

    def run(i):
        aes, iv, data, aad, verify = prepared[i % POOL]
        verify()
        aes.decrypt(iv, data, aad)

    return run


def _mandated_runner(pool, keys):
    """The work the spec requires, by hand with the standard library, none of our checks."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    verifiers = [_verifier(keys, bid["manifest"]) for bid in pool]

    def run(i):
        bid = pool[i % POOL]
        verifiers[i % POOL]()
        hashlib.sha256(bid["envelope"].encode()).hexdigest()
        doc = _loads_envelope_by_hand(bid["envelope"])
        plaintext = AESGCM(bid["cek"]).decrypt(
            _b64url(doc["iv"]), _b64url(doc["ciphertext"]) + _b64url(doc["tag"]), doc["protected"].encode()
        )
        hashlib.sha256(plaintext).hexdigest()

    return run


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ggzy.config.settings")
    from ggzy.trading.tendering.bidder_client.sealing import generate_bidder_keys

    count = int(os.environ.get("GGZY_BENCH_ENVELOPE_BIDS", "100"))
    mib = float(os.environ.get("GGZY_BENCH_ENVELOPE_MIB", "5"))
    section = "S-BENCH"
    keys = generate_bidder_keys("91310000MA1FL0B3X2")
    pool = _sealed_pool(keys, mib, section)
    envelope_mib = len(pool[0]["envelope"]) / 2**20
    max_bytes = 2 * len(pool[0]["envelope"])
    print(
        f"{count} bids, plaintext {mib:.1f} MiB each (envelope {envelope_mib:.2f} MiB), pool of {POOL}; {load()}"
    )

    assert _loads_envelope_by_hand(pool[0]["envelope"]) == json.loads(pool[0]["envelope"])
    runners = {
        "reference: raw AES-GCM + ECDSA": _raw_runner(pool, keys),
        "mandated minimum (stdlib)": _mandated_runner(pool, keys),
        "platform: verify + open": lambda i: _platform_once(
            pool[i % POOL], keys, section, max_bytes, rehash=False
        ),
        "platform: verify + open + re-hash": lambda i: _platform_once(
            pool[i % POOL], keys, section, max_bytes, rehash=True
        ),
    }
    for run in runners.values():  # warm-up
        run(0)
    # Interleaved (each bid through every method in turn) so that load from other processes on a shared
    # machine hits all methods alike; medians as well as totals.
    samples: dict[str, list[float]] = {name: [] for name in runners}
    for i in range(count):
        for name, run in runners.items():
            started = time.perf_counter()
            run(i)
            samples[name].append(time.perf_counter() - started)
    for name, times in samples.items():
        total = sum(times)
        print(f"  {name:<36} total {total:8.2f} s  median {statistics.median(times) * 1000:7.2f} ms/bid"
              f"  {count * mib / total:7.1f} MiB/s")  # fmt: skip
    medians = {name: statistics.median(times) for name, times in samples.items()}
    for name in ("platform: verify + open", "platform: verify + open + re-hash"):
        print(f"  {name}: {medians[name] / medians['mandated minimum (stdlib)']:.2f}x the mandated-minimum baseline "
              f"({medians[name] / medians['reference: raw AES-GCM + ECDSA']:.0f}x the raw reference), medians")  # fmt: skip
    print(f"after: {load()}")


if __name__ == "__main__":
    main()
