"""``ggzy audit verify`` / ``ggzy audit seal`` — see docs/audit.md."""

from django.core.management.base import BaseCommand

from ggzy.core import audit_seal
from ggzy.core.audit_verify import verify
from ggzy.core.clock import SHANGHAI


class Command(BaseCommand):
    help = "审计存证：verify 校验全部审计记录与封存链（发现篡改时以非零状态退出）；seal 立即封存未封存记录。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("verify", help="重算记录哈希、内容摘要、默克尔根与封存链")
        check.add_argument("--root", help="与已公布的默克尔根（十六进制）比对")
        check.add_argument("--all", action="store_true", help="列出全部异常（默认只列前 20 条）")
        check.add_argument("--jobs", type=int, default=None, help="并行校验进程数（默认：CPU 数，最多 4）")
        sub.add_parser("seal", help="立即封存所有已提交且未封存的记录")

    def handle(self, *args, action, **options):
        if action == "seal":
            sealed = audit_seal.seal_due(force=True)
            latest = audit_seal.latest_seal()
            self.stdout.write(f"本次封存记录 {sealed} 条。")
            if latest is not None:
                self.stdout.write(
                    f"最新封存 #{latest.seq}：{latest.merkle_root}（{latest.sealed_at.astimezone(SHANGHAI).isoformat()}）"
                )
            return
        report = verify(expect_root=options.get("root"), jobs=options.get("jobs"))
        self.stdout.write(
            f"已校验记录 {report.records} 条：已封存 {report.sealed} 条，尚未封存 {report.unsealed} 条"
            f"（其中迟到提交、待下次补封 {report.late_pending} 条）；封存 {report.seals} 个。"
        )
        if report.latest_seq is not None:
            self.stdout.write(
                f"最新封存 #{report.latest_seq}：{report.latest_root}（{report.latest_sealed_at.astimezone(SHANGHAI).isoformat()}）"
            )
        if report.ok:
            self.stdout.write(self.style.SUCCESS("校验通过：未发现篡改。"))
            return
        first = report.first_problem
        self.stderr.write(self.style.ERROR(f"校验失败：发现 {report.problem_count} 处异常。"))
        self.stderr.write(self.style.ERROR(f"第一个异常 [{first.kind}] {first.describe()}"))
        ordered = sorted(
            report.problems, key=lambda p: (p.record_id is None, p.record_id or 0, p.seal_seq or 0)
        )
        for problem in ordered if options.get("all") else ordered[:20]:
            self.stderr.write(f"  [{problem.kind}] {problem.describe()}")
        raise SystemExit(1)
