from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from ggzy.parties import services
from ggzy.parties.roles import Role

from ._common import as_json, cli_context


class Command(BaseCommand):
    help = (
        "用户：create USERNAME --password PASSWORD --role ROLE [--entity USCC] "
        "（角色：buyer agency bidder expert operator regulator admin）"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="创建用户")
        create.add_argument("username")
        create.add_argument("--password", required=True)
        create.add_argument("--role", required=True, choices=Role.values)
        create.add_argument(
            "--entity", help="所属主体的统一社会信用代码（buyer/agency/bidder/operator/regulator 必填）"
        )
        create.add_argument("--display-name", default="")
        create.add_argument("--id-number", default="", help="居民身份证号（可选）")
        create.add_argument("--email", default="")

    def handle(self, *args, action, **options):
        username, password = options["username"], options["password"]
        try:  # The shell operator is trusted: a weak password is allowed (demo set-ups) but flagged.
            validate_password(password)
        except ValidationError as exc:
            self.stderr.write("警告：密码强度不足（" + "；".join(exc.messages) + "），仅适用于演示和培训环境")
        with cli_context():
            user = services.user_create(
                actor=None,
                username=username,
                password=password,
                role=options["role"],
                entity_uscc=options.get("entity"),
                display_name=options["display_name"],
                id_number=options["id_number"],
                email=options["email"],
                check_password_strength=False,
            )
        self.stdout.write(
            as_json(
                {
                    "username": user.username,
                    "role": user.role,
                    "entity": user.entity.uscc if user.entity_id else None,
                }
            )
        )
