"""``ggzy legal-rules docs`` writes docs/legal-rules.md from the registry; ``--check`` only compares."""

from django.core.management.base import BaseCommand, CommandError

from ggzy.core import legal_rules_docs


class Command(BaseCommand):
    help = "法定规则登记表：docs（生成 docs/legal-rules.md；--check 仅检查是否最新）"
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["docs"])
        parser.add_argument("--check", action="store_true", help="不写文件，页面不是最新时退出码 1")

    def handle(self, *args, action, check=False, **options):
        path = legal_rules_docs.docs_path()
        text = legal_rules_docs.render_for_repo()
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if check:
            if text != current:
                raise CommandError(f"{path} 不是最新，请运行 ggzy legal-rules docs", returncode=1)
            self.stdout.write(f"{path} 已是最新")
            return
        if text != current:
            path.write_text(text, encoding="utf-8")
        self.stdout.write(f"已写入 {path}")
