"""``ggzy redflags scan|generate|evaluate`` — the bid-rigging red-flag engine from the command line.

Runs without a database: the work is in ggzy.supervision.redflags.engine.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "围标串标预警:扫描 OCDS JSONL(scan)、生成模拟市场(generate)、评估(evaluate)"
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

    def handle(self, *args, **options):
        from ggzy.supervision.redflags.engine import cli

        sub = options["subcommand"]
        if sub == "scan":
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
