"""``ggzy bidder``: the bidder's machine client for sealed bids (sealed-bids spec §1–§5).

  ggzy bidder keygen --uscc USCC --out bidder.key.json [--passphrase-env VAR]
  ggzy bidder register-keys --api URL --token T --key-file bidder.key.json
  ggzy bidder seal --section ID --price 123.45 [--declared k=v ...] [--file path ...] --key-file F --out bid.json
  ggzy bidder submit --api URL --token T --section ID bid.json
  ggzy bidder withdraw --api URL --token T BID_ID
  ggzy bidder open --api URL --token T --bid BID_ID --key-file F [--bid-file bid.json]

Private keys and content keys stay on this machine; only the CEK of one bid is sent, at the opening.
Thin: the cryptography is in ``ggzy.trading.tendering.bidder_client.sealing``, HTTP in ``.http_client``.
"""

from __future__ import annotations

import getpass
import json
import os
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ggzy.core.codes import validate_uscc
from ggzy.core.crypto.bid_content import EXTENSIONS
from ggzy.core.crypto.envelope import open_envelope
from ggzy.core.crypto.jose import b64url_encode, sha256_hex
from ggzy.core.exceptions import GgzyError
from ggzy.trading.tendering.bidder_client import sealing as bidder_side
from ggzy.trading.tendering.bidder_client.http_client import (
    PlatformClient,
    machine_fingerprint,
    verify_receipt,
)


def _write_private(path: Path, data: bytes, *, overwrite: bool = False) -> None:
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if overwrite else os.O_EXCL)
    try:
        fd = os.open(path, flags, 0o600)
    except FileExistsError as exc:
        raise CommandError(f"{path} 已存在，不会覆盖") from exc
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _declared_value(text: str):
    if text in {"true", "false"}:
        return text == "true"
    try:
        return int(text)
    except ValueError:
        pass
    try:
        value = Decimal(text)
        return value if value.is_finite() else text
    except InvalidOperation:
        return text


class Command(BaseCommand):
    help = "投标人客户端：生成密钥、登记公钥、加密投标文件、提交、撤回、开标时提交内容密钥"
    requires_system_checks = []  # runs on the bidder's machine: no database, no server configuration

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)

        def api(p):
            p.add_argument("--api", required=True, help="平台地址，如 https://ggzy.example.cn")
            p.add_argument("--token", help="API 令牌（或用 --token-env 从环境变量读取）")
            p.add_argument("--token-env", help="存放 API 令牌的环境变量名")

        def key_file(p, passphrase=True):
            p.add_argument("--key-file", required=True, type=Path)
            if passphrase:
                p.add_argument("--passphrase-env", help="存放密钥文件口令的环境变量名（否则交互输入）")

        p = sub.add_parser("keygen", help="生成 RSA-3072 加密密钥与 P-256 签名密钥，写入口令保护的密钥文件")
        p.add_argument("--uscc", required=True)
        p.add_argument("--out", required=True, type=Path)
        p.add_argument("--passphrase-env")
        p = sub.add_parser("register-keys", help="向平台登记两把公钥")
        api(p)
        key_file(p, passphrase=False)
        p = sub.add_parser("seal", help="加密投标文件并签署清单（离线）")
        p.add_argument("--section", required=True)
        p.add_argument("--price", required=True, help="投标报价（元），最多两位小数")
        p.add_argument("--declared", action="append", default=[], metavar="KEY=VALUE")
        p.add_argument("--file", action="append", default=[], type=Path)
        p.add_argument("--out", required=True, type=Path)
        p.add_argument("--no-hardware-fingerprint", action="store_true", help="不附带本机 MAC/硬件指纹")
        key_file(p)
        p = sub.add_parser("submit", help="上传密文信封与签名清单，核验平台回执")
        api(p)
        p.add_argument("--section", required=True)
        p.add_argument("bid_file", type=Path)
        p = sub.add_parser("withdraw", help="截止前撤回投标")
        api(p)
        p.add_argument("bid_id")
        p = sub.add_parser("open", help="开标：在本机解开内容密钥并提交")
        api(p)
        key_file(p)
        p.add_argument("--bid", required=True)
        p.add_argument("--bid-file", type=Path, help="seal 生成的 bid.json（否则向平台取信封）")

    def handle(self, *args, action, **options):
        try:
            getattr(self, f"_{action.replace('-', '_')}")(**options)
        except GgzyError as exc:
            raise CommandError(f"{exc.message} [{exc.code}]") from exc
        except OSError as exc:
            raise CommandError(str(exc)) from exc

    # --- helpers -----------------------------------------------------------------------------------

    def _passphrase(self, options, *, confirm: bool = False) -> str:
        variable = options.get("passphrase_env")
        if variable:
            if variable not in os.environ:
                raise CommandError(f"环境变量 {variable} 未设置")
            return os.environ[variable]
        if not sys.stdin.isatty():
            raise CommandError("无法交互输入口令：请用 --passphrase-env")
        passphrase = getpass.getpass("密钥文件口令：")
        if confirm and getpass.getpass("再次输入口令：") != passphrase:
            raise CommandError("两次输入的口令不一致")
        return passphrase

    def _client(self, options) -> PlatformClient:
        token = options.get("token")
        if options.get("token_env"):
            token = os.environ.get(options["token_env"])
        if not token:
            raise CommandError("需要 --token 或 --token-env")
        return PlatformClient(options["api"], token)

    def _keys(self, options) -> bidder_side.BidderKeys:
        return bidder_side.import_key_file(options["key_file"].read_bytes(), self._passphrase(options))

    def _json_out(self, data) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))

    # --- subcommands -------------------------------------------------------------------------------

    def _keygen(self, *, uscc, out, **options):
        uscc = validate_uscc(uscc)
        if out.exists():
            raise CommandError(f"{out} 已存在，不会覆盖")
        passphrase = self._passphrase(options, confirm=True)
        keys = bidder_side.generate_bidder_keys(uscc)
        _write_private(out, bidder_side.export_key_file(keys, passphrase))
        self.stderr.write(f"已写入 {out}（权限 0600）。请离线备份此文件并牢记口令：平台无法找回。")
        self._json_out({"uscc": uscc, "keys": keys.public_jwks()})

    def _register_keys(self, *, key_file, **options):
        document = json.loads(key_file.read_bytes())
        uscc = document["uscc"]
        client = self._client(options)
        results = [
            client.request("POST", f"/entities/{uscc}/keys", {"jwk": document["public"][use]})
            for use in ("enc", "sig")
        ]
        self._json_out(results)

    def _seal(self, *, section, price, declared, file, out, no_hardware_fingerprint, **options):
        keys = self._keys(options)
        values = {}
        for item in declared:
            key, sep, value = item.partition("=")
            if not sep or not key:
                raise CommandError(f"--declared 应为 KEY=VALUE：{item}")
            values[key] = _declared_value(value)
        files = []
        for path in file:
            media_type = EXTENSIONS.get(path.suffix.lower())
            if media_type is None:
                raise CommandError(f"不支持的附件类型：{path.name}")
            files.append((path.name, media_type, path.read_bytes()))
        try:
            amount = Decimal(price)
        except InvalidOperation as exc:
            raise CommandError(f"报价格式错误：{price}") from exc
        content = bidder_side.build_bid_content(
            section_id=section, bidder=keys.uscc, amount=amount, declared=values, files=files
        )
        sealed = bidder_side.seal_bid(content=content, keys=keys, section_id=section)
        fingerprint = machine_fingerprint([f[2] for f in files])
        if no_hardware_fingerprint:
            fingerprint = {k: v for k, v in fingerprint.items() if k == "documentHash"}
        bid = {"sectionId": str(section), "bidder": keys.uscc, **sealed, "fingerprint": fingerprint}
        _write_private(out, json.dumps(bid, ensure_ascii=False).encode("utf-8"))
        self.stderr.write(f"已加密并签名，写入 {out}。报价与附件只以密文形式离开本机。")
        self._json_out({k: bid[k] for k in ("sectionId", "bidder", "plaintextSha256", "envelopeSha256")})

    def _submit(self, *, section, bid_file, **options):
        bid = json.loads(bid_file.read_bytes())
        if str(bid["sectionId"]) != str(section):
            raise CommandError(f"{bid_file} 是为标段 {bid['sectionId']} 加密的，不是 {section}")
        client = self._client(options)
        body = {
            "envelope": bid["envelope"],
            "manifest": bid["manifest"],
            "fingerprint": bid.get("fingerprint", {}),
        }
        result = client.request("POST", f"/sections/{section}/bids", body)
        claims = verify_receipt(
            result["receipt"], client.request("GET", "/platform/keys"),
            envelope=bid["envelope"], section_id=section, bidder=bid["bidder"],
        )  # fmt: skip
        bid.update({"bidId": result["id"], "receipt": result["receipt"]})
        _write_private(bid_file, json.dumps(bid, ensure_ascii=False).encode("utf-8"), overwrite=True)
        self.stderr.write("平台回执签名有效，摘要与所提交的信封一致。")
        self._json_out({"id": result["id"], "receipt": result["receipt"], "claims": claims})

    def _withdraw(self, *, bid_id, **options):
        self._json_out(self._client(options).request("DELETE", f"/bids/{bid_id}"))

    def _open(self, *, bid, bid_file, **options):
        client = self._client(options)
        keys = self._keys(options)
        local = json.loads(bid_file.read_bytes()) if bid_file else None
        envelope = local["envelope"] if local else client.request("GET", f"/bids/{bid}")["envelope"]
        cek = bidder_side.unwrap_cek(envelope=envelope, keys=keys)
        if local:
            # Catch a mix-up here rather than have the platform revoke the bid (撤销).
            open_envelope(envelope=envelope, cek=cek, plaintext_sha256=local["plaintextSha256"],
                          envelope_sha256=sha256_hex(envelope.encode("utf-8")))  # fmt: skip
        self._json_out(client.request("POST", f"/bids/{bid}/key", {"cek": b64url_encode(cek)}))
