"""Demo data for ``ggzy seed-demo``: regulator departments, the catalogue, ~20 entities per trading
role and their users. Idempotent: rows are found by USCC / username and never duplicated.

USCCs are valid GB 32100 codes whose organisation-code part starts with "D" (for demo) and carries
its own GB 11714 check character, so they never collide with a real code's pattern by accident.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction

from ggzy.catalog.loader import install_reference_catalogue
from ggzy.catalog.reference import REGULATORS
from ggzy.core import audit, clock
from ggzy.core.codes import make_uscc
from ggzy.core.discovery import app_modules
from ggzy.parties.models import Entity, User
from ggzy.parties.roles import Role

from . import demo_names as names

DEMO_PASSWORD = "Demo-2026!"  # noqa: S105 — printed on purpose: demo accounts only
PER_ROLE = 20
SHANGHAI = "310000"

# GB 11714-1997 organisation code check character.
_ORG_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

# Registration authority + category (GB 32100 §4.1): 11 机关, 12 事业单位, 91 企业.
_USCC_PREFIX = {Entity.Kind.GOVERNMENT: "11", Entity.Kind.INSTITUTION: "12", Entity.Kind.ENTERPRISE: "91"}
_GROUP = {"regulator": 1, "center": 2, Role.BUYER: 3, Role.AGENCY: 4, Role.BIDDER: 5}


def org_code(body8: str) -> str:
    total = sum(_ORG_CHARS.index(ch) * w for ch, w in zip(body8, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body8 + {10: "X", 11: "0"}.get(check, str(check))


def demo_uscc(kind: str, region: str, group: int, serial: int) -> str:
    return make_uscc(_USCC_PREFIX[kind] + region + org_code(f"D{group}{serial:06d}"))


@dataclass
class EntitySpec:
    uscc: str
    name: str
    kind: str
    district: str = ""


@dataclass
class DemoResult:
    regulators: dict[str, Entity] = field(default_factory=dict)
    entities: dict[str, list[Entity]] = field(default_factory=dict)
    users: list[User] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=dict)


def regulator_specs() -> dict[str, EntitySpec]:
    return {
        key: EntitySpec(
            demo_uscc(Entity.Kind.GOVERNMENT, SHANGHAI, _GROUP["regulator"], i + 1),
            full,
            Entity.Kind.GOVERNMENT,
            "市级",
        )
        for i, (key, (_short, full)) in enumerate(REGULATORS.items())
    }


def center_spec() -> EntitySpec:
    return EntitySpec(
        demo_uscc(Entity.Kind.INSTITUTION, SHANGHAI, _GROUP["center"], 1),
        "上海市公共资源交易中心",
        Entity.Kind.INSTITUTION,
        "市级",
    )


def role_entity_specs(role: str) -> list[EntitySpec]:
    specs = []
    for i in range(PER_ROLE):
        code, district = names.DISTRICTS[i % len(names.DISTRICTS)]
        brand = names.BRANDS[(i * 5 + len(role)) % len(names.BRANDS)]
        if role == Role.BUYER:
            kind, pattern = names.BUYER_UNITS[i % len(names.BUYER_UNITS)]
            name = (
                ("上海市" + pattern.format(d=district, b=brand))
                if pattern.startswith("{d}")
                else pattern.format(d=district, b=brand)
            )
        elif role == Role.AGENCY:
            kind, name = (
                Entity.Kind.ENTERPRISE,
                f"上海{brand}{names.AGENCY_SUFFIXES[i % len(names.AGENCY_SUFFIXES)]}",
            )
        else:
            kind, name = (
                Entity.Kind.ENTERPRISE,
                f"上海{brand}{names.BIDDER_SUFFIXES[i % len(names.BIDDER_SUFFIXES)]}",
            )
        specs.append(EntitySpec(demo_uscc(kind, code, _GROUP[role], i + 1), name, kind, district))
    return specs


def _ensure_entities(specs: list[EntitySpec]) -> tuple[list[Entity], int]:
    now = clock.now()
    existing = set(Entity.objects.filter(uscc__in=[s.uscc for s in specs]).values_list("uscc", flat=True))
    fresh = [
        Entity(
            uscc=s.uscc,
            name=s.name,
            kind=s.kind,
            district=s.district,
            status=Entity.Status.VERIFIED,
            reviewed_at=now,
            review_note="演示数据",
            address=f"上海市{s.district}（演示地址）",
        )
        for s in specs
        if s.uscc not in existing
    ]
    Entity.objects.bulk_create(fresh, ignore_conflicts=True)
    by_uscc = {e.uscc: e for e in Entity.objects.filter(uscc__in=[s.uscc for s in specs])}
    return [by_uscc[s.uscc] for s in specs], len(fresh)


def ensure_regulators() -> dict[str, Entity]:
    """The regulator departments of ``catalog.reference.REGULATORS`` as verified government entities."""
    specs = regulator_specs()
    rows, _ = _ensure_entities(list(specs.values()))
    return dict(zip(specs.keys(), rows, strict=True))


def install_demo_catalogue():
    """Regulators + the reference catalogue (handy in other apps' tests). Returns the version."""
    return install_reference_catalogue(regulators=ensure_regulators())


@dataclass(frozen=True)
class AccountSpec:
    username: str
    role: str
    entity_uscc: str | None
    display_name: str
    is_staff: bool = False
    is_superuser: bool = False


def account_specs(result: DemoResult) -> list[AccountSpec]:
    specs: list[AccountSpec] = []
    for role in (Role.BUYER, Role.AGENCY, Role.BIDDER):
        for i, entity in enumerate(result.entities[role], start=1):
            specs.append(
                AccountSpec(f"{role}{i}", role, entity.uscc, names.person_name(i + _GROUP[role] * 20))
            )
    for i in range(1, PER_ROLE + 1):
        specs.append(AccountSpec(f"expert{i}", Role.EXPERT, None, names.person_name(i + 200)))
    center = result.entities["center"][0]
    specs.append(AccountSpec("operator1", Role.OPERATOR, center.uscc, "交易中心值班员", is_staff=True))
    specs.append(AccountSpec("regulator1", Role.REGULATOR, result.regulators["zjw"].uscc, "住建委监管员"))
    specs.append(AccountSpec("regulator2", Role.REGULATOR, result.regulators["czj"].uscc, "财政局监管员"))
    specs.append(
        AccountSpec("admin1", Role.ADMIN, result.regulators["fgw"].uscc, "发展改革委管理员", is_staff=True)
    )
    specs.append(AccountSpec("sysadmin", Role.ADMIN, None, "系统管理员", is_staff=True, is_superuser=True))
    return specs


def _ensure_users(specs: list[AccountSpec]) -> tuple[list[User], int]:
    existing = set(
        User.objects.filter(username__in=[s.username for s in specs]).values_list("username", flat=True)
    )
    missing = [s for s in specs if s.username not in existing]
    if missing:
        # One hash for every demo account (same demo password): hashing 80 passwords with Argon2 one by
        # one would take seconds. Real accounts always get their own salt via set_password.
        hashed = make_password(DEMO_PASSWORD)
        entity_ids = dict(
            Entity.objects.filter(uscc__in=[s.entity_uscc for s in missing if s.entity_uscc]).values_list(
                "uscc", "id"
            )
        )
        User.objects.bulk_create(
            [
                User(
                    username=s.username,
                    role=s.role,
                    entity_id=entity_ids.get(s.entity_uscc),
                    display_name=s.display_name,
                    password=hashed,
                    is_staff=s.is_staff,
                    is_superuser=s.is_superuser,
                    is_active=True,
                )
                for s in missing
            ],
            ignore_conflicts=True,
        )
    by_name = {
        u.username: u
        for u in User.objects.filter(username__in=[s.username for s in specs]).select_related("entity")
    }
    return [by_name[s.username] for s in specs], len(missing)


def _grant_operator_admin(users: list[User]) -> None:
    """Operators use the Django admin: view/change entities, view catalogue and notices."""
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name="交易中心运营")
    wanted = Permission.objects.filter(
        content_type__app_label__in=["catalog", "publication", "parties"], codename__startswith="view_"
    )
    group.permissions.add(*wanted, *Permission.objects.filter(codename="change_entity"))
    for user in users:
        if user.role == Role.OPERATOR:
            user.groups.add(group)


def _extension_seeders():
    """Apps extend the demo with ``<app>/demo_data.py`` defining ``seed_demo(result) -> dict[str, int]``."""
    for config, module in app_modules("demo_data", exclude=("ggzy.portal",)):
        if hasattr(module, "seed_demo"):
            yield config.label, module.seed_demo


def seed_demo() -> DemoResult:
    result = DemoResult()
    with transaction.atomic():
        result.regulators = ensure_regulators()
        install_reference_catalogue(regulators=result.regulators)
        result.entities["center"], made = _ensure_entities([center_spec()])
        result.created["entities"] = made
        for role in (Role.BUYER, Role.AGENCY, Role.BIDDER):
            result.entities[role], made = _ensure_entities(role_entity_specs(role))
            result.created["entities"] += made
        result.users, result.created["users"] = _ensure_users(account_specs(result))
        _grant_operator_admin(result.users)
        for label, seeder in _extension_seeders():
            for key, count in (seeder(result) or {}).items():
                result.created[f"{label}.{key}"] = count
        if any(result.created.values()):
            audit.record(actor=None, action="demo.seeded", payload={"created": result.created})
    return result
