from django.conf import settings
from django.core.management.base import BaseCommand

from ggzy.core import worker
from ggzy.core.context import RequestContext, set_context
from ggzy.core.startup import require_secret_key


class Command(BaseCommand):
    help = "运行后台任务（到期状态流转、审计封存、通知）。--once 执行一轮后退出。"

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="执行一轮所有到期任务后退出")
        parser.add_argument("--poll", type=float, default=settings.GGZY_WORKER_POLL_SECONDS)

    def handle(self, *args, once=False, poll=2.0, **options):
        require_secret_key()
        set_context(RequestContext(channel="worker"))
        if once:
            results = worker.run_once()
            for name, count in results.items():
                self.stdout.write(f"{name}: {count}")
            if any(c < 0 for c in results.values()):
                raise SystemExit(1)
            return
        self.stdout.write(f"worker started, polling every {poll}s")
        worker.run_forever(poll)
