"""Fixtures for the sealed-bid cryptography tests: real keys, real envelopes, a private platform key."""

from __future__ import annotations

import base64
import copy
import json

import pytest

from ggzy.core.crypto import platform_keys
from ggzy.trading.tendering.bidder_client.sealing import build_bid_content, generate_bidder_keys, seal_bid

USCC = "91310000MA1FL0B3X2"
OTHER_USCC = "91310115MA1H7K2X30"
SECTION = "S-2026-001"
PDF = b"%PDF-1.7\n% test file\n" + bytes(range(256)) * 4


@pytest.fixture(scope="session")
def bidder_keys():
    return generate_bidder_keys(USCC)


@pytest.fixture(scope="session")
def other_keys():
    return generate_bidder_keys(OTHER_USCC)


@pytest.fixture(autouse=True)
def platform_key_in_tmp(settings, tmp_path, monkeypatch):
    """Each test gets its own platform key under a temporary VAR_DIR (never the checkout's var/)."""
    monkeypatch.delenv(platform_keys.KEY_FILE_ENV, raising=False)
    settings.VAR_DIR = tmp_path / "var"
    platform_keys.clear_cache()
    yield
    platform_keys.clear_cache()


def make_content(amount="1234567.89", files=None):
    return build_bid_content(
        section_id=SECTION,
        bidder=USCC,
        amount=amount,
        declared={"durationDays": 365, "qualityStandard": "合格"},
        files=files if files is not None else [("技术标.pdf", "application/pdf", PDF)],
    )


@pytest.fixture
def sealed(bidder_keys):
    return seal_bid(content=make_content(), keys=bidder_keys, section_id=SECTION)


def edit_envelope(envelope: str, **changes) -> str:
    document = json.loads(envelope)
    document = copy.deepcopy(document)
    for key, value in changes.items():
        if value is None:
            document.pop(key, None)
        else:
            document[key] = value
    return json.dumps(document, separators=(",", ":"))


def flip_b64url_byte(value: str, index: int = 0) -> str:
    raw = bytearray(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
    raw[index] ^= 0x01
    return base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("=")
