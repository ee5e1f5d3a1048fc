"""parse_bid_content (sealed-bids spec §2): the decrypted JSON, exact prices, allowed files."""

from __future__ import annotations

import base64
import json
from decimal import Decimal

import pytest

from ggzy.core.crypto.bid_content import DEFAULT_ALLOWED_MEDIA_TYPES
from ggzy.core.crypto.envelope import parse_bid_content
from ggzy.core.exceptions import InvalidInput
from ggzy.trading.tendering.bidder_client.sealing import content_bytes

from .conftest import PDF, SECTION, USCC, make_content

LIMIT = 64 * 1024


def parse(plaintext, **overrides):
    arguments = {"plaintext": plaintext, "section_id": SECTION, "bidder_uscc": USCC,
                 "allowed_media_types": DEFAULT_ALLOWED_MEDIA_TYPES, "max_file_bytes": LIMIT}  # fmt: skip
    return parse_bid_content(**{**arguments, **overrides})


def refused(code, plaintext, **overrides):
    with pytest.raises(InvalidInput) as caught:
        parse(plaintext, **overrides)
    assert caught.value.code == code, caught.value.as_dict()


def raw(**changes) -> bytes:
    content = json.loads(content_bytes(make_content()))
    content.update(changes)
    return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()


def test_content_is_parsed_with_exact_price_and_decoded_files():
    result = parse(content_bytes(make_content()))
    assert result["price"] == {"amount": Decimal("1234567.89"), "currency": "CNY"}
    assert result["declared"] == {"durationDays": 365, "qualityStandard": "合格"}
    [file] = result["files"]
    assert (file["name"], file["mediaType"], file["data"], file["size"]) == (
        "技术标.pdf",
        "application/pdf",
        PDF,
        len(PDF),
    )


@pytest.mark.parametrize("amount", ["0.1", "100", "9999999999999.99", "0.01"])
def test_prices_round_trip_exactly(amount):
    assert parse(content_bytes(make_content(amount=amount)))["price"]["amount"] == Decimal(amount)


@pytest.mark.parametrize(
    "price",
    [{"amount": 0, "currency": "CNY"}, {"amount": -1, "currency": "CNY"}, {"amount": "100", "currency": "CNY"},
     {"amount": 1.001, "currency": "CNY"}, {"amount": 100, "currency": "USD"}, {"amount": True, "currency": "CNY"},
     {"amount": 1e20, "currency": "CNY"}, None],
)  # fmt: skip
def test_bad_prices_are_refused(price):
    refused("bid_content_invalid", raw(price=price))


def test_nan_and_duplicate_members_are_refused():
    refused("bid_content_invalid", raw().replace(b'"amount":1234567.89', b'"amount":NaN'))
    refused("bid_content_invalid", raw().replace(b'"currency":"CNY"', b'"currency":"CNY","currency":"USD"'))


@pytest.mark.parametrize(
    "changes",
    [{"format": "ggzy-bid/2"}, {"sectionId": "other"}, {"bidder": "91310115MA1H7K2X30"}, {"files": {}},
     {"declared": [1]}, {"declared": {"x": {"nested": 1}}}],
)  # fmt: skip
def test_content_that_breaks_the_format_is_refused(changes):
    refused("bid_content_invalid", raw(**changes))


def test_not_json_is_refused():
    refused("bid_content_invalid", b"\xff\xfe not json")


def file_item(name="a.pdf", media_type="application/pdf", data=PDF):
    return {"name": name, "mediaType": media_type, "data": base64.b64encode(data).decode()}


def test_media_type_not_allowed_by_the_tender_is_refused():
    refused("bid_file_type_forbidden", raw(files=[file_item()]), allowed_media_types={"image/png"})
    refused("bid_file_type_forbidden", raw(files=[file_item("x.exe", "application/x-msdownload", b"MZ")]))


def test_file_whose_bytes_are_not_the_declared_type_is_refused():
    refused("bid_file_type_forbidden", raw(files=[file_item(data=b"MZ\x90\x00 executable")]))
    refused("bid_file_type_forbidden", raw(files=[file_item(name="a.docx")]))


def test_file_over_the_limit_is_refused():
    refused("bid_file_too_large", raw(files=[file_item(data=PDF + b"x" * LIMIT)]))
    assert parse(raw(files=[file_item(data=PDF)]), max_file_bytes=len(PDF))["files"][0]["size"] == len(PDF)
    refused("bid_file_too_large", raw(files=[file_item(data=PDF)]), max_file_bytes=len(PDF) - 1)


@pytest.mark.parametrize("name", ["../etc/passwd", "a/b.pdf", "", "con\x00.pdf"])
def test_file_names_with_paths_are_refused(name):
    refused("bid_content_invalid", raw(files=[file_item(name=name)]))


def test_bad_base64_and_duplicate_names_are_refused():
    refused("bid_content_invalid", raw(files=[{**file_item(), "data": "%%%"}]))
    refused("bid_content_invalid", raw(files=[file_item(), file_item()]))
