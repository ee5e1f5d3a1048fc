import os
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand

from ggzy.core.startup import require_secret_key


class Command(BaseCommand):
    help = "启动 Web 服务。默认 Django 开发服务器；--gunicorn 使用多进程 gunicorn。"

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--gunicorn", action="store_true")
        parser.add_argument("--workers", type=int, default=int(os.environ.get("GGZY_WEB_WORKERS", "2")))

    def handle(self, *args, host, port, gunicorn, workers, **options):
        require_secret_key()
        if gunicorn:
            # The interpreter running ggzy has gunicorn installed; PATH need not contain its bin directory.
            os.execv(
                sys.executable,
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "ggzy.config.wsgi:application",
                    "-b",
                    f"{host}:{port}",
                    "-w",
                    str(workers),
                ],
            )
        call_command("runserver", f"{host}:{port}", use_reloader=False)
