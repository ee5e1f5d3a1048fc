"""What the workbench (/workbench/) shows each role: real data available now, plus entrances
that other apps contribute.

Extension point: any ggzy app may define ``workbench.py`` with
``def workbench_entrances(user) -> list[dict]`` returning ``{"label", "url", "description"}`` items
for that user (check the role there). They are listed under 功能入口.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ggzy.catalog import selectors as catalogue
from ggzy.catalog.models import CatalogueVersion, SubPlatform
from ggzy.core import clock
from ggzy.core.discovery import app_modules
from ggzy.hub.experts.models import Expert
from ggzy.hub.publication.models import Notice
from ggzy.parties.models import Entity, EntityKey
from ggzy.parties.roles import Role

log = logging.getLogger(__name__)


@dataclass
class Section:
    role: str
    title: str
    facts: list[tuple[str, object]] = field(default_factory=list)
    links: list[dict] = field(default_factory=list)
    entries: list = field(default_factory=list)  # catalogue entries (regulator)
    notices: list = field(default_factory=list)
    warning: str = ""

    @property
    def supervises(self) -> bool:
        """A regulator's workbench: the catalogue entries it supervises and their latest notices."""
        return self.role == Role.REGULATOR


def _entity_section(user, title: str) -> Section:
    section = Section(user.role, title)
    entity = user.entity
    if entity is None:
        section.warning = _("您的账号尚未关联市场主体，请联系交易中心。")
        return section
    keys = EntityKey.objects.filter(entity=entity, revoked_at__isnull=True)
    section.facts = [
        (_("所属主体"), entity.name),
        (_("统一社会信用代码"), entity.uscc),
        (_("审核状态"), entity.get_status_display()),
        (_("加密公钥"), keys.filter(use=EntityKey.Use.ENC).count()),
        (_("签名公钥"), keys.filter(use=EntityKey.Use.SIG).count()),
    ]
    if entity.status != Entity.Status.VERIFIED:
        section.warning = _("所属主体尚未通过交易中心审核，审核通过后方可参与交易。")
    elif user.role == Role.BIDDER and not keys.filter(use=EntityKey.Use.ENC).exists():
        section.warning = _("投标前请先登记加密公钥（RSA-OAEP-256），用于投标文件加密。")
    return section


def _buyer(user) -> Section:
    section = _entity_section(user, _("招标人/采购人工作台"))
    version = catalogue.current_catalogue()
    section.links.append(
        {
            "label": _("交易目录"),
            "url": "/catalogue/",
            "description": _("发起项目前确认交易类别和交易方式（%(label)s）")
            % {"label": version.label if version else "—"},
        }
    )
    return section


def _agency(user) -> Section:
    section = _entity_section(user, _("招标代理机构工作台"))
    section.links.append(
        {"label": _("交易目录"), "url": "/catalogue/", "description": _("交易类别、分平台与交易方式")}
    )
    return section


def _bidder(user) -> Section:
    section = _entity_section(user, _("投标人/竞买人工作台"))
    section.links.append(
        {"label": _("交易公告"), "url": "/notices/", "description": _("查找招标公告和交易公告")}
    )
    return section


def _expert(user) -> Section:
    section = Section(user.role, _("评标专家工作台"))
    section.facts = [(_("姓名"), user.display_name or user.username)]
    expert = _expert_profile(user)
    if expert is not None:
        section.facts.append((_("专家库状态"), getattr(expert, "get_status_display", lambda: "")()))
    else:
        section.warning = _("尚未入库为评标专家。")
    return section


def _expert_profile(user):
    return Expert.objects.filter(user=user).first()


def _operator(user) -> Section:
    section = Section(user.role, _("交易中心工作台"))
    pending = Entity.objects.filter(status=Entity.Status.PENDING).count()
    today = Notice.objects.filter(published_at__date=_today()).count()
    section.facts = [
        (_("待审核市场主体"), pending),
        (_("今日发布公告"), today),
        (_("公告总数"), Notice.objects.count()),
    ]
    section.links.append(
        {
            "label": _("市场主体审核"),
            "url": "/operator/entities/",
            "description": _("%(n)s 个主体待审核") % {"n": pending},
        }
    )
    if user.is_staff:
        section.links.append(
            {"label": _("管理后台"), "url": "/admin/", "description": _("目录、主体、公告数据维护")}
        )
    return section


def _today():
    return clock.today()


def _regulator(user) -> Section:
    section = Section(user.role, _("行业主管部门工作台"))
    entity = user.entity
    if entity is None:
        section.warning = _("账号未关联主管部门。")
        return section
    entries = list(catalogue.entries_supervised_by(entity))
    section.entries = entries
    section.facts = [(_("主管部门"), entity.name), (_("监管的目录项目"), len(entries))]
    codes = [e.code for e in entries]
    section.notices = list(
        Notice.objects.filter(catalogue_code__in=codes).order_by("-published_at", "-id")[:5]
    )
    if not entries:
        section.warning = _("现行交易目录中没有由本部门监管的项目。")
    return section


def _admin(user) -> Section:
    section = Section(user.role, _("综合管理部门工作台"))
    version = catalogue.current_catalogue()
    section.facts = [
        (_("现行目录"), f"{version.label}（{version.effective_from:%Y-%m-%d}）" if version else "—"),
        (_("草稿版本"), CatalogueVersion.objects.filter(status=CatalogueVersion.Status.DRAFT).count()),
        (_("交易分平台"), SubPlatform.objects.count()),
        (_("市场主体"), Entity.objects.count()),
    ]
    section.links.append({"label": _("交易目录"), "url": "/catalogue/", "description": _("现行及历史版本")})
    if user.is_staff:
        section.links.append(
            {
                "label": _("目录版本管理"),
                "url": "/admin/catalog/catalogueversion/",
                "description": _("新建版本、发布"),
            }
        )
    return section


BUILDERS = {
    Role.BUYER: _buyer,
    Role.AGENCY: _agency,
    Role.BIDDER: _bidder,
    Role.EXPERT: _expert,
    Role.OPERATOR: _operator,
    Role.REGULATOR: _regulator,
    Role.ADMIN: _admin,
}


def contributed_entrances(user) -> list[dict]:
    found: list[dict] = []
    for _config, module in app_modules("workbench"):
        hook = getattr(module, "workbench_entrances", None)
        if hook is not None:
            found.extend(hook(user) or [])
    return found


def workbench_for(user) -> Section:
    section = BUILDERS[Role(user.role)](user)
    section.links.extend(contributed_entrances(user))
    return section
