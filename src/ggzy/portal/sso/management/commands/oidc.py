"""``ggzy oidc clients create --name NAME --redirect-uri URI [--public]`` (archives-and-sso spec §2).

Prints ``{"client_id": "...", "client_secret": "..."}`` as JSON on stdout; the secret is shown only here (the
portal stores its hash). A ``--public`` client has no secret (PKCE only): ``"client_secret": null``."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from ggzy.parties.management.commands._common import cli_context

from ... import services


class Command(BaseCommand):
    help = "单点登录（OIDC）客户端：clients create --name NAME --redirect-uri URI [--public]"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="group", required=True)
        clients = sub.add_parser("clients", help="OIDC 客户端")
        actions = clients.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="登记客户端，输出 client_id 和 client_secret（JSON）")
        create.add_argument("--name", required=True, help="客户端名称（如分平台名称）")
        create.add_argument(
            "--redirect-uri", required=True, action="append", dest="redirect_uris", help="回调地址（可重复）"
        )
        create.add_argument("--public", action="store_true", help="公开客户端：无密钥，仅凭 PKCE")
        create.add_argument("--platform", default="", help="关联的交易分平台代码（目录中的分平台）")
        create.add_argument("--login-url", default="", help="分平台的单点登录入口（与 --platform 同用）")

    def handle(self, *args, group, action, **options):
        with cli_context():
            application, secret = services.oidc_client_create(
                actor=None,
                name=options["name"],
                redirect_uri=" ".join(options["redirect_uris"]),
                public=options["public"],
                platform_code=options["platform"],
                login_url=options["login_url"],
            )
        self.stdout.write(json.dumps({"client_id": application.client_id, "client_secret": secret}))
