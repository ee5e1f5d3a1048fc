"""The platform's ES256 key: JWKS, receipts, creation on first use (also by racing processes)."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import stat

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from jwcrypto import jwk, jws

from ggzy.core.crypto import platform_keys
from ggzy.core.crypto.envelope import sign_receipt
from ggzy.core.crypto.jose import jwk_thumbprint
from ggzy.core.exceptions import InvalidInput

RECEIVED = dt.datetime(2026, 11, 28, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def receipt():
    return sign_receipt(bid_id=17, section_id="S-1", bidder="91310000MA1FL0B3X2", envelope_sha256="ab" * 32,
                        received_at=RECEIVED)  # fmt: skip


def test_key_is_created_once_with_private_permissions(settings):
    jwks = platform_keys.platform_jwks()
    path = settings.VAR_DIR / "keys" / platform_keys.DEFAULT_KEY_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    platform_keys.clear_cache()
    assert platform_keys.platform_jwks() == jwks
    [key] = jwks["keys"]
    assert key["kid"] == jwk_thumbprint(key) and (key["use"], key["alg"]) == ("sig", "ES256")
    assert "d" not in key


def test_key_file_from_the_environment_is_used(tmp_path, monkeypatch):
    private = ec.generate_private_key(ec.SECP256R1())
    path = tmp_path / "platform.pem"
    path.write_bytes(private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))  # fmt: skip
    monkeypatch.setenv(platform_keys.KEY_FILE_ENV, str(path))
    platform_keys.clear_cache()
    [key] = platform_keys.platform_jwks()["keys"]
    assert key["x"] == jwk.JWK.from_pyca(private.public_key()).export_public(as_dict=True)["x"]


def test_missing_configured_key_file_is_an_error_not_a_new_key(tmp_path, monkeypatch):
    monkeypatch.setenv(platform_keys.KEY_FILE_ENV, str(tmp_path / "absent.pem"))
    platform_keys.clear_cache()
    with pytest.raises(RuntimeError):
        platform_keys.platform_jwks()
    assert not (tmp_path / "absent.pem").exists()


def test_receipt_verifies_against_the_published_jwks_with_any_jose_library():
    token = receipt()
    claims = platform_keys.verify_platform_jws(token)
    assert claims == {"kind": "bid-receipt", "bidId": "17", "sectionId": "S-1", "bidder": "91310000MA1FL0B3X2",
                      "envelopeSha256": "ab" * 32, "receivedAt": "2026-11-28T01:30:00Z"}  # fmt: skip
    keyset = jwk.JWKSet.from_json(__import__("json").dumps(platform_keys.platform_jwks()))
    checked = jws.JWS()
    checked.deserialize(token)
    checked.verify(keyset)
    assert checked.jose_header["kid"] == platform_keys.platform_jwks()["keys"][0]["kid"]


def test_tampered_receipt_is_refused():
    head, body, signature = receipt().split(".")
    other = sign_receipt(
        bid_id=18, section_id="S-1", bidder="x", envelope_sha256="ab" * 32, received_at=RECEIVED
    )
    for token in (f"{head}.{other.split('.')[1]}.{signature}", "x.y.z", f"{head}.{body}.{signature[::-1]}"):
        with pytest.raises(InvalidInput) as caught:
            platform_keys.verify_platform_jws(token)
        assert caught.value.code == "platform_signature_invalid"


def test_receipt_needs_an_aware_time():
    with pytest.raises(ValueError):
        sign_receipt(
            bid_id=1,
            section_id="S",
            bidder="x",
            envelope_sha256="ab" * 32,
            received_at=dt.datetime(2026, 1, 1),
        )


def _race(path, barrier, results):
    barrier.wait()
    platform_keys._create_once(path)
    results.put(path.read_bytes())


def test_processes_racing_to_create_the_key_all_get_the_same_one(tmp_path):
    path = tmp_path / "keys" / "platform.pem"
    context = multiprocessing.get_context("spawn")  # no inherited threads or locks
    barrier, results = context.Barrier(4), context.Queue()
    workers = [context.Process(target=_race, args=(path, barrier, results)) for _ in range(4)]
    for worker in workers:
        worker.start()
    pems = {results.get(timeout=30) for _ in workers}
    for worker in workers:
        worker.join(timeout=30)
        assert worker.exitcode == 0
    assert len(pems) == 1 and pems.pop().startswith(b"-----BEGIN PRIVATE KEY-----")
    assert [p.name for p in path.parent.iterdir()] == ["platform.pem"]  # no temporary file left behind
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
