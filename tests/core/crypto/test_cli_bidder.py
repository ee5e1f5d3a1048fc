"""``ggzy bidder``: keygen → register-keys → seal → submit (receipt checked) → withdraw → open, over HTTP
against the live server, with the real tendering API and database."""

from __future__ import annotations

import datetime as dt
import io
import json
import stat

import pytest
import time_machine
from django.core.management import CommandError, call_command

from ggzy.core.crypto.envelope import verify_submission
from ggzy.core.crypto.platform_keys import platform_jwks, sign_receipt
from ggzy.core.exceptions import InvalidInput
from ggzy.trading.tendering.bidder_client.http_client import PlatformClient, verify_receipt
from ggzy.trading.tendering.bidder_client.sealing import (
    build_bid_content,
    generate_bidder_keys,
    import_key_file,
    seal_bid,
)

from .conftest import PDF, USCC

PASSPHRASE = "命令行口令 cli passphrase"


@pytest.fixture
def passphrase_env(monkeypatch):
    monkeypatch.setenv("GGZY_TEST_PASSPHRASE", PASSPHRASE)
    return ["--passphrase-env", "GGZY_TEST_PASSPHRASE"]


def run(*args) -> dict | list:
    out = io.StringIO()
    call_command("bidder", *map(str, args), stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())


@pytest.fixture
def key_file(tmp_path, passphrase_env):
    path = tmp_path / "bidder.key.json"
    run("keygen", "--uscc", USCC, "--out", path, *passphrase_env)
    return path


def test_keygen_writes_a_private_key_file_and_refuses_to_overwrite_it(key_file, passphrase_env):
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    keys = import_key_file(key_file.read_bytes(), PASSPHRASE)
    assert keys.uscc == USCC
    with pytest.raises(CommandError, match="不会覆盖"):
        run("keygen", "--uscc", USCC, "--out", key_file, *passphrase_env)


def test_keygen_refuses_an_invalid_uscc(tmp_path, passphrase_env):
    with pytest.raises(CommandError, match="uscc|统一社会信用代码"):
        run("keygen", "--uscc", "91310000MA1FL0B3XA", "--out", tmp_path / "k.json", *passphrase_env)
    assert not (tmp_path / "k.json").exists()


def test_seal_produces_a_bid_the_platform_accepts(tmp_path, key_file, passphrase_env):
    pdf = tmp_path / "技术标.pdf"
    pdf.write_bytes(PDF)
    out = tmp_path / "bid.json"
    run("seal", "--section", "42", "--price", "1234567.89", "--declared", "durationDays=365",
        "--declared", "qualityStandard=合格", "--file", pdf, "--key-file", key_file, "--out", out, *passphrase_env)  # fmt: skip
    bid = json.loads(out.read_text())
    keys = import_key_file(key_file.read_bytes(), PASSPHRASE)
    verify_submission(envelope=bid["envelope"], manifest=bid["manifest"], section_id="42", bidder_uscc=USCC,
                      sig_jwk=keys.sig_public, enc_kid=keys.enc["kid"], max_bytes=10**7)  # fmt: skip
    assert bid["fingerprint"]["documentHash"] and "price" not in out.read_text()


def test_seal_with_a_wrong_passphrase_fails_cleanly(tmp_path, key_file, monkeypatch):
    monkeypatch.setenv("WRONG", "not the passphrase")
    with pytest.raises(CommandError, match="keyfile_passphrase_wrong"):
        run("seal", "--section", "1", "--price", "1", "--key-file", key_file, "--out", tmp_path / "b.json",
            "--passphrase-env", "WRONG")  # fmt: skip


def test_receipt_check_refuses_a_receipt_for_other_bytes(settings):
    receipt = sign_receipt(bid_id=1, section_id="7", bidder=USCC, envelope_sha256="00" * 32,
                           received_at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC))  # fmt: skip
    with pytest.raises(InvalidInput) as caught:
        verify_receipt(receipt, platform_jwks(), envelope="{}", section_id="7", bidder=USCC)
    assert caught.value.code == "receipt_mismatch"
    with pytest.raises(InvalidInput) as caught:
        verify_receipt(receipt, {"keys": []}, envelope="{}", section_id="7", bidder=USCC)
    assert caught.value.code == "receipt_signature_invalid"


def test_client_refuses_non_http_urls():
    with pytest.raises(InvalidInput):
        PlatformClient("file:///etc/passwd")


def _two_other_bids(section):
    from ggzy.core.codes import make_uscc
    from ggzy.parties.models import Entity, User
    from ggzy.parties.roles import Role
    from ggzy.parties.services.keys import entity_key_register
    from ggzy.trading.tendering.services.bids import bid_submit
    from ggzy.trading.tendering.services.participation import registration_create

    for i in (1, 2):
        entity = Entity.objects.create(uscc=make_uscc(f"91310115MA1CL{i:03d}X"), name=f"上海第{i}工程有限公司",
                                       status=Entity.Status.VERIFIED)  # fmt: skip
        user = User.objects.create_user(f"other{i}", password="x-Secret-123", role=Role.BIDDER, entity=entity)
        registration_create(actor=user, section=section)
        keys = generate_bidder_keys(entity.uscc)
        for jwk in keys.public_jwks():
            entity_key_register(actor=user, entity=entity, jwk=jwk)
        content = build_bid_content(section_id=str(section.pk), bidder=entity.uscc, amount="11600000")
        sealed = seal_bid(content=content, keys=keys, section_id=str(section.pk))
        bid_submit(actor=user, section=section, envelope=sealed["envelope"], manifest=sealed["manifest"])


@pytest.mark.django_db(transaction=True)
def test_full_cycle_against_the_live_api(tmp_path, live_server, passphrase_env):
    from ggzy.core.codes import make_uscc
    from ggzy.parties.models import Entity, User
    from ggzy.parties.roles import Role
    from ggzy.parties.services.tokens import api_token_issue
    from ggzy.portal.demo import install_demo_catalogue
    from ggzy.trading.tendering.models import Bid
    from ggzy.trading.tendering.services.participation import registration_create
    from ggzy.trading.tendering.services.tenders import tender_create, tender_publish
    from tests.trading.tendering.conftest import DEADLINE, START, tender_input

    with time_machine.travel(START, tick=False) as traveller:
        install_demo_catalogue()
        buyer_entity = Entity.objects.create(uscc=make_uscc("12310000MB0CL0001"), name="上海市某建设管理中心",
                                             kind=Entity.Kind.INSTITUTION, status=Entity.Status.VERIFIED)  # fmt: skip
        bidder_entity = Entity.objects.create(
            uscc=USCC, name="上海某建筑工程有限公司", status=Entity.Status.VERIFIED
        )
        buyer = User.objects.create_user(
            "clibuyer", password="x-Secret-123", role=Role.BUYER, entity=buyer_entity
        )
        bidder = User.objects.create_user(
            "clibidder", password="x-Secret-123", role=Role.BIDDER, entity=bidder_entity
        )
        tender = tender_publish(
            actor=buyer, tender=tender_create(actor=buyer, data=tender_input(buyer_entity.uscc))
        )
        section = tender.sections.get()
        registration_create(actor=bidder, section=section)
        _two_other_bids(section)  # 条例44: fewer than 3 bids → no opening
        token = api_token_issue(actor=bidder, name="cli")[1]
        api = ["--api", live_server.url, "--token", token]

        key_file = tmp_path / "bidder.key.json"
        run("keygen", "--uscc", USCC, "--out", key_file, *passphrase_env)
        registered = run("register-keys", *api, "--key-file", key_file)
        assert len(registered) == 2

        def seal(price, name):
            out = tmp_path / name
            run("seal", "--section", section.pk, "--price", price, "--declared", "durationDays=300",
                "--key-file", key_file, "--out", out, *passphrase_env)  # fmt: skip
            return out

        first = seal("11500000.00", "first.json")
        submitted = run("submit", *api, "--section", section.pk, first)
        assert submitted["claims"]["bidder"] == USCC
        run("withdraw", *api, submitted["id"])
        second = seal("11400000.50", "second.json")
        bid_id = run("submit", *api, "--section", section.pk, second)["id"]
        assert json.loads(second.read_text())["bidId"] == bid_id

        traveller.move_to(DEADLINE + dt.timedelta(minutes=1))
        # API tokens live hours, not weeks: the bidder signs in again for the opening.
        api = ["--api", live_server.url, "--token", api_token_issue(actor=bidder, name="opening")[1]]
        opened = run(
            "open", *api, "--bid", bid_id, "--key-file", key_file, "--bid-file", second, *passphrase_env
        )
        assert opened is not None
        bid = Bid.objects.get(pk=bid_id)
        assert bid.status == "decrypted", bid.status
