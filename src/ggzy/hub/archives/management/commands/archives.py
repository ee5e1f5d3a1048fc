"""``ggzy archives list|export|fixity`` — see docs/archives.md (spec: archives-and-sso.md §1)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ggzy.hub.archives import bagging, conf, rules, selectors, services
from ggzy.hub.archives.models import Archive


def archive_json(archive: Archive) -> dict:
    return {
        "id": archive.pk,
        "ref": archive.ref,
        "createdAt": archive.created_at.isoformat(),
        "retentionUntil": archive.retention_until.isoformat(),
        "path": str(conf.archive_root() / archive.path),
        "holds": [
            {"id": hold.pk, "reason": hold.reason, "placedAt": hold.placed_at.isoformat()}
            for hold in archive.holds.all()
            if hold.lifted_at is None
        ],
    }


class Command(BaseCommand):
    help = "电子档案：list 列出档案；export 导出档案包（BagIt）；fixity 校验档案包完整性（有异常时以状态 1 退出）。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="列出全部档案")
        listing.add_argument("--json", action="store_true", help="以 JSON 输出")
        export = sub.add_parser("export", help="把档案包复制到指定目录")
        export.add_argument("id", type=int)
        export.add_argument("--out", required=True, help="目标目录")
        fixity = sub.add_parser("fixity", help="重新校验已保存的档案包")
        fixity.add_argument("ids", nargs="*", type=int, help="档案ID（默认：全部未销毁档案）")

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _list(self, *, json: bool = False, **_):  # noqa: A002 - the option's name
        rows = [archive_json(a) for a in selectors.archive_rows().exclude(status="disposed")]
        if json:
            self.stdout.write(_dumps(rows))
            return
        for row in rows:
            holds = f"，保全 {len(row['holds'])} 项" if row["holds"] else ""
            self.stdout.write(
                f"#{row['id']} {row['ref']} 保存至 {row['retentionUntil']}{holds} {row['path']}"
            )

    def _export(self, *, id: int, out: str, **_):  # noqa: A002
        archive = _stored(id)
        destination = Path(out)
        destination.mkdir(parents=True, exist_ok=True)
        try:
            target = bagging.copy_bag(conf.archive_root() / archive.path, destination)
        except FileExistsError as error:
            raise CommandError(f"目标目录已有同名档案包：{error}") from None
        self.stdout.write(str(target))

    def _fixity(self, *, ids: list[int], **_):
        archives = (
            [_stored(i) for i in ids]
            if ids
            else list(Archive.objects.exclude(status="disposed").order_by("id"))
        )
        failed = 0
        for archive in archives:
            check = services.archive_fixity_check(archive=archive)
            if check.ok:
                self.stdout.write(f"#{archive.pk} {archive.ref}：完好")
                continue
            failed += 1
            self.stderr.write(f"#{archive.pk} {archive.ref}：发现 {len(check.problems)} 处异常")
            for problem in check.problems:
                self.stderr.write(f"  [{problem['kind']}] {bagging.FixityProblem(**problem).describe()}")
        if failed:
            self.stderr.write(self.style.ERROR(f"校验失败：{failed} 个档案包有异常。"))
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS(f"校验通过：{len(archives)} 个档案包完好。"))


def _stored(archive_id: int) -> Archive:
    archive = Archive.objects.filter(pk=archive_id).first()
    if archive is None:
        raise CommandError(f"档案 #{archive_id} 不存在")
    if rules.is_disposed(archive):
        raise CommandError(f"档案 #{archive_id} 已销毁")
    return archive


def _dumps(rows) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2)
