"""``ggzy redflags scan|generate|evaluate|demo`` — the bid-rigging red-flag engine from the command line.

``scan``, ``generate`` and ``evaluate`` run without a database: the work is in
ggzy.supervision.redflags.engine. ``demo`` pushes the engine's synthetic market through the platform's
real intake as a sub-platform would (``ggzy exchange register`` first), then scans it.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from ggzy.catalog.selectors import current_entries
from ggzy.core.exceptions import GgzyError
from ggzy.supervision.exchange.models import ExchangeSource
from ggzy.supervision.redflags.demo import push_demo
from ggzy.supervision.redflags.engine import cli
from ggzy.supervision.redflags.scanning import scan_pending


class Command(BaseCommand):
    help = "围标串标预警:扫描 OCDS JSONL(scan)、生成模拟市场(generate)、评估(evaluate)、以分平台身份报送演示数据(demo)"
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        scan = sub.add_parser("scan", help="扫描 INPUT.jsonl,输出 FLAGS.json")
        scan.add_argument("input", metavar="INPUT.jsonl")
        scan.add_argument("--out", required=True, metavar="FLAGS.json", help="输出文件('-' 为标准输出)")
        scan.add_argument("--config", default=None, metavar="FILE", help="JSON 配置,覆盖默认阈值")
        generate = sub.add_parser("generate", help="生成带答案的模拟市场")
        generate.add_argument("--seed", type=int, required=True)
        generate.add_argument("--tenders", type=int, required=True)
        generate.add_argument("--out", required=True, metavar="FILE.jsonl")
        evaluate = sub.add_parser("evaluate", help="在保留种子上评估(AUC 等)")
        evaluate.add_argument("--seeds", default="101,102,103")
        evaluate.add_argument("--tenders", type=int, default=3000)
        evaluate.add_argument("--config", default=None, metavar="FILE")
        evaluate.add_argument("--calibrate", action="store_true", help="先在训练种子上拟合权重")
        demo = sub.add_parser("demo", help="以分平台身份报送合成数据（含预置围标团伙）并扫描")
        demo.add_argument("platform_code")
        demo.add_argument("--tenders", type=int, default=300)
        demo.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options):
        sub = options["subcommand"]
        if sub == "demo":
            self._demo(options["platform_code"], tenders=options["tenders"], seed=options["seed"])
        elif sub == "scan":
            try:
                counts = cli.run_scan(options["input"], options["out"], options["config"], stderr=self.stderr)
            except cli.ScanFailed as exc:
                raise CommandError(str(exc), returncode=2) from exc
            if options["out"] != "-":
                self.stderr.write(
                    f"已扫描 {counts['releases']} 个发布、{counts['bids']} 份投标,跳过 {counts['skippedLines']} 行"
                )
        elif sub == "generate":
            self.stdout.write(
                json.dumps(
                    cli.run_generate(options["seed"], options["tenders"], options["out"]), ensure_ascii=False
                )
            )
        else:
            seeds = [int(s) for s in options["seeds"].split(",") if s.strip()]
            report = cli.run_evaluate(seeds, options["tenders"], options["config"], options["calibrate"])
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=1))

    def _demo(self, platform_code, *, tenders, seed):
        source = ExchangeSource.objects.filter(platform_code=platform_code).first()
        if source is None:
            raise CommandError(
                f"分平台 {platform_code} 未登记数据交换，请先运行 ggzy exchange register {platform_code}"
            )
        codes = list(current_entries().filter(platform__code=platform_code).values_list("code", flat=True))
        try:
            result = push_demo(source=source, seed=seed, tenders=tenders, codes=codes)
        except GgzyError as error:
            raise CommandError(f"{error.message}（{error.code}）") from error
        scanned = 0
        while batch := scan_pending():
            scanned += batch
        self.stdout.write(
            f"报送 {len(result.created)} 条发布（{len(set(result.ocids))} 个项目），已扫描 {scanned} 个项目"
        )
