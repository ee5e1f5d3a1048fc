"""``ggzy experts verify-draw DRAW_ID [--file draw.json]`` — recompute a published draw.

Exit 0 only when commitment, beacon, pool digests, the eligible lists (recomputed from today's pool
records unless ``--file`` is given) and the invitation order all match.
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "评标专家：verify-draw DRAW_ID 复核已公开的抽取结果"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify-draw", "verify_draw"])
        parser.add_argument("draw_id")
        parser.add_argument("--file", help="核验此 JSON 文件（不读取数据库中的抽取记录）")

    def handle(self, *args, action, draw_id, file=None, **options):
        from ggzy.hub.experts.verification import verify_draw

        doc = None
        if file:
            with open(file, encoding="utf-8") as fh:
                doc = json.load(fh)
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
