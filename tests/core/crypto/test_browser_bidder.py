"""bidder.js (WebCrypto in Debian's Chromium) against the Python platform side, both directions.

Served from a local http.server on 127.0.0.1 (a secure context for WebCrypto) with the production CSP
``script-src 'self'``: the module must work without any inline script.
"""

from __future__ import annotations

import base64
import functools
import http.server
import json
import threading
from pathlib import Path

import pytest

from ggzy.core.crypto.envelope import open_envelope, parse_bid_content, verify_submission
from ggzy.core.exceptions import InvalidInput
from ggzy.trading.tendering.bidder_client.sealing import (
    export_key_file,
    import_key_file,
    seal_bid,
    unwrap_cek,
)

from .conftest import PDF, SECTION, USCC, make_content

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
STATIC = Path(__file__).resolve().parents[3] / "src" / "ggzy" / "static" / "ggzy" / "bidder"
PASSPHRASE = "投标口令 passphrase 2026"
CSP = "default-src 'self'; script-src 'self'; connect-src 'self'; style-src 'self'"
PAGE = f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<script type="module" src="/bidder/bidder.js"></script></head><body>
<form id="seal" data-ggzy-seal data-section-id="{SECTION}" data-bidder="{USCC}" data-allowed-types="application/pdf">
  <input type="file" data-ggzy-keyfile><input type="password" data-ggzy-passphrase>
  <input data-ggzy-price><input data-ggzy-declared="durationDays" data-ggzy-type="integer">
  <input data-ggzy-declared="qualityStandard"><input type="file" multiple data-ggzy-files>
  <input type="hidden" name="envelope" data-ggzy-envelope><input type="hidden" name="manifest" data-ggzy-manifest>
  <button type="submit">加密并提交</button><p data-ggzy-status></p>
</form>
<form id="open" data-ggzy-open data-bid-id="7">
  <input type="file" data-ggzy-keyfile><input type="password" data-ggzy-passphrase>
  <textarea data-ggzy-envelope-source></textarea><input type="hidden" name="cek" data-ggzy-cek>
  <button type="submit">解密</button><p data-ggzy-status></p>
</form>
<form id="keygen" data-ggzy-keygen data-uscc="{USCC}">
  <input type="password" data-ggzy-passphrase><input type="password" data-ggzy-passphrase-confirm>
  <button type="submit">生成密钥</button><p data-ggzy-status></p>
</form></body></html>"""


class Handler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self):
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    (root / "index.html").write_text(PAGE, encoding="utf-8")
    (root / "favicon.ico").write_bytes(b"")
    (root / "bidder").symlink_to(STATIC)
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(root))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    server.shutdown()


@pytest.fixture(scope="module")
def chromium(browser):
    # The suite-wide Chromium (tests/browser_support.py): one Playwright per process.
    return browser


@pytest.fixture
def page(chromium, site):
    context = chromium.new_context(locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(60_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(site)
    page.wait_for_function("() => window.ggzyBidder !== undefined")
    yield page
    context.close()
    assert not errors, errors


@pytest.fixture(scope="module")
def key_file_text(bidder_keys):
    return export_key_file(bidder_keys, PASSPHRASE).decode()


def platform_accepts(sealed, keys, amount):
    manifest = verify_submission(envelope=sealed["envelope"], manifest=sealed["manifest"], section_id=SECTION,
                                 bidder_uscc=USCC, sig_jwk=keys.sig_public, enc_kid=keys.enc["kid"],
                                 max_bytes=10 * 1024 * 1024)  # fmt: skip
    cek = unwrap_cek(envelope=sealed["envelope"], keys=keys)
    plaintext = open_envelope(envelope=sealed["envelope"], cek=cek, plaintext_sha256=manifest["plaintextSha256"],
                              envelope_sha256=manifest["envelopeSha256"])  # fmt: skip
    content = parse_bid_content(plaintext=plaintext, section_id=SECTION, bidder_uscc=USCC,
                                allowed_media_types={"application/pdf"}, max_file_bytes=1024 * 1024)  # fmt: skip
    assert str(content["price"]["amount"]) == amount
    return content


def test_bid_sealed_in_the_browser_with_a_python_key_file_is_accepted_and_opened(
    page, bidder_keys, key_file_text
):
    sealed = page.evaluate(
        """async ([keyFile, passphrase, section, pdf]) => {
            const g = window.ggzyBidder;
            const keys = await g.importKeyFile(keyFile, passphrase);
            const bytes = g.b64urlDecode(pdf);
            const content = g.buildBidContent({sectionId: section, bidder: keys.uscc, amount: "1234567.89",
                declared: {durationDays: 365, qualityStandard: "合格"},
                files: [{name: "技术标.pdf", mediaType: "application/pdf", bytes}]});
            return await g.sealBid({content, keys, sectionId: section});
        }""",
        [key_file_text, PASSPHRASE, SECTION, base64.urlsafe_b64encode(PDF).decode().rstrip("=")],
    )
    content = platform_accepts(sealed, bidder_keys, "1234567.89")
    assert content["declared"] == {"durationDays": 365, "qualityStandard": "合格"}
    assert content["files"][0]["data"] == PDF


def test_browser_refuses_a_wrong_passphrase(page, key_file_text):
    code = page.evaluate(
        "async ([f]) => { try { await window.ggzyBidder.importKeyFile(f, 'wrong passphrase'); return 'none'; }"
        " catch (e) { return e.code; } }",
        [key_file_text],
    )
    assert code == "keyfile_passphrase_wrong"


def test_browser_key_file_is_importable_by_python_and_unwraps_a_python_sealed_cek(page):
    result = page.evaluate(
        """async ([uscc, passphrase]) => {
            const g = window.ggzyBidder;
            const keys = await g.generateKeys(uscc);
            const file = new TextDecoder().decode(await g.exportKeyFile(keys, passphrase));
            window.__keys = await g.importKeyFile(file, passphrase);
            return {file, publicJwks: keys.publicJwks};
        }""",
        [USCC, PASSPHRASE],
    )
    keys = import_key_file(result["file"], PASSPHRASE)
    assert keys.public_jwks() == result["publicJwks"]
    sealed = seal_bid(content=make_content(), keys=keys, section_id=SECTION)
    cek_b64 = page.evaluate("async ([envelope]) => window.ggzyBidder.unwrapCek({envelope, keys: window.__keys})",
                            [sealed["envelope"]])  # fmt: skip
    cek = base64.urlsafe_b64decode(cek_b64 + "=" * (-len(cek_b64) % 4))
    assert json.loads(
        open_envelope(envelope=sealed["envelope"], cek=cek, plaintext_sha256=sealed["plaintextSha256"])
    )
    with pytest.raises(InvalidInput):
        import_key_file(result["file"], "another passphrase")


def test_seal_form_hook_seals_without_sending_plaintext(page, bidder_keys, key_file_text, tmp_path):
    key_path, pdf_path = tmp_path / "bidder.key.json", tmp_path / "技术标.pdf"
    key_path.write_text(key_file_text)
    pdf_path.write_bytes(PDF)
    page.evaluate(
        """() => { window.__sealed = null;
            document.getElementById('seal').addEventListener('ggzy:sealed', (e) => {
                e.preventDefault(); window.__sealed = e.detail; }); }"""
    )
    page.set_input_files("#seal [data-ggzy-keyfile]", str(key_path))
    page.fill("#seal [data-ggzy-passphrase]", PASSPHRASE)
    page.fill("[data-ggzy-price]", "98765.40")
    page.fill("[data-ggzy-declared=durationDays]", "180")
    page.fill("[data-ggzy-declared=qualityStandard]", "优良")
    page.set_input_files("[data-ggzy-files]", str(pdf_path))
    page.click("#seal button[type=submit]")
    page.wait_for_function("() => window.__sealed !== null")
    sealed = page.evaluate("() => window.__sealed")
    content = platform_accepts(sealed, bidder_keys, "98765.40")
    assert content["declared"] == {"durationDays": 180, "qualityStandard": "优良"}
    assert sealed["fingerprint"]["documentHash"] == content["files"][0]["sha256"]


def test_seal_form_hook_reports_a_forbidden_file_type(page, key_file_text, tmp_path):
    key_path, exe_path = tmp_path / "bidder.key.json", tmp_path / "setup.exe"
    key_path.write_text(key_file_text)
    exe_path.write_bytes(b"MZ\x90\x00")
    page.evaluate(
        "() => { window.__error = null; document.getElementById('seal')"
        ".addEventListener('ggzy:error', (e) => { window.__error = e.detail; }); }"
    )
    page.set_input_files("#seal [data-ggzy-keyfile]", str(key_path))
    page.fill("#seal [data-ggzy-passphrase]", PASSPHRASE)
    page.fill("[data-ggzy-price]", "100")
    page.set_input_files("[data-ggzy-files]", str(exe_path))
    page.click("#seal button[type=submit]")
    page.wait_for_function("() => window.__error !== null")
    assert page.evaluate("() => window.__error.code") == "bid_file_type_forbidden"
    assert "类型" in page.text_content("#seal [data-ggzy-status]")


def test_open_form_hook_unwraps_the_cek_for_a_python_sealed_bid(
    page, bidder_keys, key_file_text, sealed, tmp_path
):
    key_path = tmp_path / "bidder.key.json"
    key_path.write_text(key_file_text)
    page.evaluate(
        """() => { window.__cek = null; document.getElementById('open').addEventListener('ggzy:unwrapped',
            (e) => { e.preventDefault(); window.__cek = e.detail; }); }"""
    )
    page.set_input_files("#open [data-ggzy-keyfile]", str(key_path))
    page.fill("#open [data-ggzy-passphrase]", PASSPHRASE)
    page.fill("#open [data-ggzy-envelope-source]", sealed["envelope"])
    page.click("#open button[type=submit]")
    page.wait_for_function("() => window.__cek !== null")
    detail = page.evaluate("() => window.__cek")
    assert detail["bidId"] == "7"
    cek = base64.urlsafe_b64decode(detail["cek"] + "=" * (-len(detail["cek"]) % 4))
    plaintext = open_envelope(envelope=sealed["envelope"], cek=cek, plaintext_sha256=sealed["plaintextSha256"],
                              envelope_sha256=sealed["envelopeSha256"])  # fmt: skip
    assert json.loads(plaintext)["bidder"] == USCC


def test_keygen_form_hook_downloads_a_key_file_python_can_import(page):
    page.evaluate(
        """() => { window.__jwks = null; document.getElementById('keygen').addEventListener('ggzy:keys-generated',
            (e) => { e.preventDefault(); window.__jwks = e.detail.publicJwks; }); }"""
    )
    page.fill("#keygen [data-ggzy-passphrase]", PASSPHRASE)
    page.fill("#keygen [data-ggzy-passphrase-confirm]", PASSPHRASE)
    with page.expect_download() as download_info:
        page.click("#keygen button[type=submit]")
    download = download_info.value
    assert download.suggested_filename == f"ggzy-bidder-{USCC}.key.json"
    keys = import_key_file(Path(download.path()).read_bytes(), PASSPHRASE)
    page.wait_for_function("() => window.__jwks !== null")
    assert keys.public_jwks() == page.evaluate("() => window.__jwks")
