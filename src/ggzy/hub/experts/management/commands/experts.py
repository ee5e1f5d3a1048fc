"""``ggzy experts verify-draw DRAW_ID [--file draw.json]`` — recompute a published draw.

Exit 0 only when commitment, beacon, pool digests, the eligible lists (recomputed from today's pool
records unless ``--file`` is given) and the invitation order all match.
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from ggzy.hub.experts.verification import verify_draw


class Command(BaseCommand):
    help = "评标专家：verify-draw DRAW_ID 复核已公开的抽取结果"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify-draw", "verify_draw"])
        parser.add_argument("draw_id")
        parser.add_argument("--file", help="核验此 JSON 文件（不读取数据库中的抽取记录）")
        parser.add_argument("--url", help="从该平台地址的公开接口读取：URL/api/v1/draws/DRAW_ID")

    def handle(self, *args, action, draw_id, file=None, url=None, **options):
        doc = None
        if file:
            with open(file, encoding="utf-8") as fh:
                doc = json.load(fh)
        elif url:
            import urllib.parse
            import urllib.request

            address = f"{url.rstrip('/')}/api/v1/draws/{urllib.parse.quote(draw_id)}"
            if not address.startswith(("http://", "https://")):
                raise CommandError("--url 须为 http(s) 地址")
            try:
                with urllib.request.urlopen(address, timeout=30) as resp:  # noqa: S310 — scheme checked above
                    doc = json.load(resp)
            except (OSError, ValueError) as exc:
                raise CommandError(f"读取 {address} 失败：{exc}") from exc
            if "secret" not in doc:
                raise CommandError(f"抽取 {draw_id} 尚未公开")
        try:
            problems = verify_draw(draw_id, document=doc)
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        if problems:
            for p in problems:
                self.stderr.write(f"不一致：{p}")
            self.stderr.write(f"抽取 {draw_id} 核验失败")
            sys.exit(1)
        self.stdout.write(f"抽取 {draw_id} 核验通过：承诺值、信标、名单摘要与抽取顺序全部一致")
