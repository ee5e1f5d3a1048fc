"""Set-up shared by the supervision tests: catalogue with regulators, users, a registered sub-platform."""

from __future__ import annotations

import datetime as dt
import itertools

from ggzy.catalog import services as catalog
from ggzy.catalog.models import CatalogueVersion
from ggzy.core.codes import make_uscc
from ggzy.parties.models import Entity, User
from ggzy.parties.roles import Role
from ggzy.supervision.exchange.services import exchange_source_register, exchange_token_issue

_seq = itertools.count(1)
PASSWORD = "correct-horse-battery"  # noqa: S105 — test only


def entity(name: str, *, kind: str = Entity.Kind.GOVERNMENT) -> Entity:
    n = next(_seq)
    return Entity.objects.create(
        uscc=make_uscc(f"11310000{n + 500:09d}"), name=name, kind=kind, status=Entity.Status.VERIFIED
    )


def user(role: str, entity_obj: Entity | None = None, *, username: str | None = None) -> User:
    u = User.objects.create_user(
        username=username or f"{role}{next(_seq)}", password=PASSWORD, role=role, entity=entity_obj
    )
    return u


def catalogue(*, works_regulators: list[Entity], goods_regulators: list[Entity], platform_code: str = "jsgc"):
    """A published catalogue: A01 (works, on sub-platform ``platform_code``) and B01 (goods, comprehensive)."""
    catalog.trading_method_ensure(actor=None, code="open", name="公开招标")
    catalog.sub_platform_register(
        actor=None,
        code=platform_code,
        stem="建设工程交易",
        operator_name="建设工程交易中心",
        established_on=dt.date(2005, 1, 1),
    )
    version = catalog.catalogue_version_create(
        actor=None, label="2020年版", effective_from=dt.date(2020, 7, 10)
    )
    catalog.catalogue_entry_add(
        actor=None,
        version=version,
        code="A01",
        name="房屋建筑和市政基础设施工程",
        group="works",
        regulators=works_regulators,
        trading_methods=["open"],
        platform=platform_code,
    )
    catalog.catalogue_entry_add(
        actor=None,
        version=version,
        code="B01",
        name="政府采购货物",
        group="procurement",
        regulators=goods_regulators,
        trading_methods=["open"],
    )
    catalog.catalogue_version_publish(actor=None, version=version)
    return CatalogueVersion.objects.get(pk=version.pk)


def registered_source(platform_code: str = "jsgc", ocid_prefix: str = ""):
    source = exchange_source_register(actor=None, platform_code=platform_code, ocid_prefix=ocid_prefix)
    _, raw = exchange_token_issue(actor=None, source=source, name="test")
    return source, raw


ADMIN = Role.ADMIN
REGULATOR = Role.REGULATOR
