from __future__ import annotations

from django.core.management.base import BaseCommand

from ggzy.catalog.selectors import current_catalogue
from ggzy.core.context import RequestContext, set_context
from ggzy.portal.demo import DEMO_PASSWORD, seed_demo

SERIES = {"buyer", "agency", "bidder", "expert"}
SHOWN_PER_SERIES = 3


class Command(BaseCommand):
    help = "写入演示数据（交易目录、主管部门、各角色主体和账号）。可重复执行，不会重复创建。"

    def handle(self, *args, **options):
        set_context(RequestContext(channel="cli"))
        result = seed_demo()
        version = current_catalogue()
        out = self.stdout
        out.write(self.style.SUCCESS("演示数据已就绪 / demo data ready"))
        if version:
            out.write(f"交易目录：{version.title}（{version.label}），{version.entries.count()} 个条目")
        out.write("新建：" + "，".join(f"{k} {v}" for k, v in result.created.items()))
        out.write("")
        out.write(f"演示账号（密码均为 {DEMO_PASSWORD}）/ demo accounts (password {DEMO_PASSWORD}):")
        header = f"{'用户名':<12}{'角色':<14}所属主体"
        out.write(header)
        out.write("-" * 60)
        for user in result.users:
            stem = user.username.rstrip("0123456789")
            if stem in SERIES and int(user.username[len(stem) :]) > SHOWN_PER_SERIES:
                continue  # the rest follow the pattern printed below
            entity = user.entity.name if user.entity_id else "—"
            out.write(f"{user.username:<12}{user.get_role_display():<14}{entity}")
        out.write("…  buyer1–buyer20, agency1–agency20, bidder1–bidder20, expert1–expert20")
        out.write("")
        out.write("登录 / login: /login/   管理后台 / admin: /admin/ (sysadmin, operator1, admin1)")
