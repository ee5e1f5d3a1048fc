from django.core.management.base import BaseCommand

from ggzy.parties import services
from ggzy.parties.models import Entity

from ._common import as_json, cli_context


class Command(BaseCommand):
    help = "市场主体：create --uscc USCC --name NAME [--kind KIND] [--verified] | list [--status STATUS]"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="登记市场主体")
        create.add_argument("--uscc", required=True, help="统一社会信用代码（18位）")
        create.add_argument("--name", required=True, help="名称")
        create.add_argument("--kind", choices=Entity.Kind.values, default=Entity.Kind.ENTERPRISE)
        create.add_argument("--verified", action="store_true", help="直接设为已审核")
        lst = sub.add_parser("list", help="列出市场主体")
        lst.add_argument("--status", choices=Entity.Status.values)

    def handle(self, *args, action, **options):
        if action == "create":
            with cli_context():
                entity = services.entity_create(
                    actor=None,
                    uscc=options["uscc"],
                    name=options["name"],
                    kind=options["kind"],
                    verified=options["verified"],
                )
            self.stdout.write(as_json({"uscc": entity.uscc, "name": entity.name, "status": entity.status}))
            return
        qs = Entity.objects.order_by("id")
        if options.get("status"):
            qs = qs.filter(status=options["status"])
        for entity in qs:
            self.stdout.write(f"{entity.uscc}\t{entity.status}\t{entity.name}")
