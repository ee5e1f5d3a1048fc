"""The envelope parser's fast path must agree with the strict JSON parser on every input."""

from __future__ import annotations

import json

import pytest

from ggzy.core.crypto.envelope import FAST_PARSE_MIN_CHARS, _loads_envelope
from ggzy.core.crypto.jose import strict_json_loads

BIG = "A" * FAST_PARSE_MIN_CHARS


def same_as_strict(text):
    try:
        expected = strict_json_loads(text)
    except ValueError:
        with pytest.raises(ValueError):
            _loads_envelope(text)
        return
    assert _loads_envelope(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        json.dumps({"protected": "e30", "ciphertext": BIG, "tag": "AA"}, separators=(",", ":")),
        # the token inside another string: the cut is not the member
        '{"x":"\\"ciphertext\\":\\"' + BIG + '","ciphertext":"BB"}',
        '{"x":"\\"ciphertext\\":\\"' + BIG + '\\"","ciphertext":"BB"}',
        # as an array element, as a key of a nested object, twice
        '["ciphertext":"' + BIG + '"]',
        '{"a":{"ciphertext":"' + BIG + '"},"ciphertext":"B"}',
        '{"ciphertext":"' + BIG + '","ciphertext":"' + BIG + '"}',
        # escapes or an unterminated value: the full parser decides
        '{"ciphertext":"' + BIG + '\\u0041"}',
        '{"ciphertext":"' + BIG,
        '{"ciphertext":"' + BIG + '"',
        '{"ciphertext":"' + BIG + '"} trailing',
    ],
)
def test_fast_path_agrees_with_the_strict_parser(text):
    same_as_strict(text)


def test_real_envelope_parses_the_same(bidder_keys):
    from ggzy.trading.tendering.bidder_client.sealing import seal_bid

    from .conftest import SECTION, make_content

    envelope = seal_bid(content=make_content(files=[("a.pdf", "application/pdf", b"%PDF-" + b"x" * 100_000)]),
                        keys=bidder_keys, section_id=SECTION)["envelope"]  # fmt: skip
    assert len(json.loads(envelope)["ciphertext"]) > FAST_PARSE_MIN_CHARS
    same_as_strict(envelope)


def test_raw_control_characters_in_the_ciphertext_are_still_refused(sealed, bidder_keys):
    """JSON forbids them; the fast path leaves them to the base64url checks, which give the same codes."""
    from ggzy.core.crypto.envelope import DecryptionFailed, open_envelope, verify_submission
    from ggzy.core.exceptions import InvalidInput

    from .conftest import SECTION, USCC

    document = json.loads(sealed["envelope"])
    text = sealed["envelope"].replace(document["ciphertext"], BIG + "\n" + document["ciphertext"])
    with pytest.raises(ValueError):
        strict_json_loads(text)
    with pytest.raises(InvalidInput) as caught:
        verify_submission(envelope=text, manifest=sealed["manifest"], section_id=SECTION, bidder_uscc=USCC,
                          sig_jwk=bidder_keys.sig_public, max_bytes=10**8)  # fmt: skip
    assert caught.value.code == "envelope_malformed"
    with pytest.raises(DecryptionFailed) as failed:
        open_envelope(envelope=text, cek=b"k" * 32, plaintext_sha256=sealed["plaintextSha256"])
    assert failed.value.code == "ciphertext_tampered"
