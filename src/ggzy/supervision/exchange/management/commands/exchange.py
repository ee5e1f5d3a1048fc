"""``ggzy exchange register|token|revoke|list`` — sub-platform data exchange administration (CLI = system actor).

The synthetic demo market is ``ggzy redflags demo`` (it needs the red-flag engine, a layer above).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from ggzy.core.exceptions import GgzyError
from ggzy.supervision.exchange.models import ExchangeSource, ExchangeToken
from ggzy.supervision.exchange.services import (
    exchange_source_register,
    exchange_token_issue,
    exchange_token_revoke,
)


class Command(BaseCommand):
    help = "交易分平台数据交换：登记、令牌"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        reg = sub.add_parser("register", help="登记交易分平台的数据交换（分平台须已在交易目录登记）")
        reg.add_argument("platform_code")
        reg.add_argument("--ocid-prefix", default="")
        tok = sub.add_parser("token", help="为分平台签发机器令牌（只显示一次）")
        tok.add_argument("platform_code")
        tok.add_argument("--name", default="")
        rev = sub.add_parser("revoke", help="吊销令牌（按前缀）")
        rev.add_argument("prefix")
        sub.add_parser("list", help="列出已登记的分平台与令牌")

    def handle(self, *args, action, **opts):
        try:
            getattr(self, f"_{action}")(**opts)
        except GgzyError as error:
            raise CommandError(f"{error.message}（{error.code}）") from error

    def _source(self, code):
        source = ExchangeSource.objects.filter(platform_code=code).first()
        if source is None:
            raise CommandError(f"分平台 {code} 未登记数据交换，请先运行 ggzy exchange register {code}")
        return source

    def _register(self, platform_code, ocid_prefix, **_):
        source = exchange_source_register(actor=None, platform_code=platform_code, ocid_prefix=ocid_prefix)
        self.stdout.write(f"已登记：{source.name}")

    def _token(self, platform_code, name, **_):
        _, raw = exchange_token_issue(actor=None, source=self._source(platform_code), name=name)
        self.stdout.write(raw)

    def _revoke(self, prefix, **_):
        token = ExchangeToken.objects.filter(prefix=prefix).first()
        if token is None:
            raise CommandError("令牌不存在")
        exchange_token_revoke(actor=None, token=token)
        self.stdout.write("已吊销")

    def _list(self, **_):
        for source in ExchangeSource.objects.prefetch_related("tokens"):
            self.stdout.write(
                f"{source.platform_code}\t{source.name}\t{'启用' if source.is_active else '停用'}"
            )
            for token in source.tokens.all():
                state = "已吊销" if token.revoked_at else "有效"
                self.stdout.write(
                    f"  {token.prefix}…\t{token.name}\t{state}\t最近使用 {token.last_used_at or '—'}"
                )
