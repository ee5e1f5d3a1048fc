"""``ggzy notices reindex``: rebuild the notice search index (words of every title and body)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from ggzy.hub.publication.models import Notice
from ggzy.hub.publication.search_index import BATCH, clear, index_rows


class Command(BaseCommand):
    help = "公告检索索引：reindex 重建全部公告的分词索引"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("reindex", help="重建全部公告的分词检索索引")

    def handle(self, *args, action: str, **options):
        done = 0
        with transaction.atomic():
            clear()
            last = 0
            while True:
                rows = list(
                    Notice.objects.filter(pk__gt=last)
                    .order_by("pk")
                    .values_list("pk", "title", "body")[:BATCH]
                )
                if not rows:
                    break
                done += index_rows(rows)
                last = rows[-1][0]
        self.stdout.write(f"已重建 {done} 条公告的检索索引")
