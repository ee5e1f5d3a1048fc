"""Writes to the catalogue. Every change is audited in the same transaction.

Who may change the catalogue: the 综合管理部门 (role ``admin``, 市发展改革委 — seed §一.3 and §五.4
"市发展改革委牵头") and Django superusers. ``actor=None`` is the system (migrations, ``seed-demo``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from django.db import transaction

from ggzy.core import audit, clock, powers
from ggzy.core.exceptions import Conflict, Forbidden, InvalidInput, NotFound
from ggzy.parties.models import Entity
from ggzy.parties.roles import Role

from .models import (
    COMPREHENSIVE_CODE,
    COMPREHENSIVE_NAME,
    CatalogueEntry,
    CatalogueVersion,
    SubPlatform,
    TradingMethod,
    unified_center_name,
    unified_platform_name,
)
from .states import VERSION

# 沪发改法〔2020〕14号 (2020-07-10) §四.4/§五.4: 目录范围外的新增公共资源交易不得新建交易平台. Sub-platforms are
# the trading systems that already existed and were renamed (统一冠名); one built on or after this
# date is a new platform and cannot be registered.
NEW_PLATFORM_CUTOFF = dt.date(2020, 7, 10)
NEW_PLATFORM_FORBIDDEN_MESSAGE = (
    "目录范围外的新增公共资源交易不得新建交易平台，应统一依托上海市公共资源交易平台综合交易系统进行交易"
    "（沪发改法〔2020〕14号 四.4、五.4）"
)
ENTRY_CODE_RE = re.compile(r"^[A-Z][A-Z0-9]{1,19}$")
PLATFORM_CODE_RE = re.compile(r"^[a-z][a-z0-9-]{1,39}$")


def _require_manager(actor) -> None:
    if actor is None:
        return  # the system: migrations, seed-demo, management commands
    if getattr(actor, "is_superuser", False) or getattr(actor, "role", None) == Role.ADMIN:
        return
    raise Forbidden("只有公共资源交易综合管理部门可以维护交易目录", code="catalogue_forbidden")


def trading_method_ensure(
    *, actor, code: str, name: str, legal_basis: str = "", sort_order: int = 0
) -> TradingMethod:
    """Create the trading method or update its name; codes are stable and never renamed."""
    _require_manager(actor)
    with transaction.atomic():
        method, created = TradingMethod.objects.get_or_create(
            code=code, defaults={"name": name, "legal_basis": legal_basis, "sort_order": sort_order}
        )
        if not created and (method.name, method.legal_basis, method.sort_order) != (
            name,
            legal_basis,
            sort_order,
        ):
            method.name, method.legal_basis, method.sort_order = name, legal_basis, sort_order
            method.save(update_fields=["name", "legal_basis", "sort_order"])
        elif not created:
            return method
        audit.record(
            actor=actor, action="catalogue.method_saved", target=method, payload={"code": code, "name": name}
        )
    return method


def _normalise_stem(stem: str) -> str:
    stem = (stem or "").strip()
    for suffix in ("分平台", "分中心"):
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
    if not stem or any(ch in stem for ch in "（）()"):
        raise InvalidInput(
            "分平台简称不能为空，也不能含括号", code="invalid_platform_stem", details={"field": "stem"}
        )
    return stem


def sub_platform_register(
    *,
    actor,
    code: str,
    stem: str,
    operator_name: str,
    established_on: dt.date,
    center_brand: bool = True,
    website: str = "",
    description: str = "",
) -> SubPlatform:
    """Bring an existing sector trading system under the platform with its unified name.

    Refused with ``new_platform_forbidden`` for a system established on/after ``NEW_PLATFORM_CUTOFF``:
    new kinds of trading go to the 综合交易系统 instead.
    """
    _require_manager(actor)
    stem = _normalise_stem(stem)
    if code == COMPREHENSIVE_CODE or not PLATFORM_CODE_RE.match(code or ""):
        raise InvalidInput(
            "分平台代码应为小写字母、数字和连字符", code="invalid_platform_code", details={"field": "code"}
        )
    if established_on >= NEW_PLATFORM_CUTOFF:
        raise Conflict(
            NEW_PLATFORM_FORBIDDEN_MESSAGE,
            code="new_platform_forbidden",
            details={"establishedOn": established_on.isoformat(), "cutoff": NEW_PLATFORM_CUTOFF.isoformat()},
        )
    with transaction.atomic():
        if SubPlatform.objects.filter(code=code).exists() or SubPlatform.objects.filter(stem=stem).exists():
            raise Conflict("该分平台已登记", code="duplicate_platform", details={"code": code, "stem": stem})
        platform = SubPlatform.objects.create(
            code=code,
            stem=stem,
            platform_name=unified_platform_name(stem),
            center_name=unified_center_name(stem) if center_brand else "",
            operator_name=operator_name,
            established_on=established_on,
            website=website,
            description=description,
            created_at=clock.now(),
        )
        audit.record(
            actor=actor,
            action="catalogue.platform_registered",
            target=platform,
            payload={
                "code": code,
                "platformName": platform.platform_name,
                "centerName": platform.center_name,
            },
        )
    return platform


def catalogue_version_create(
    *,
    actor,
    label: str,
    effective_from: dt.date,
    title: str = "上海市公共资源交易目录",
    document_number: str = "",
    note: str = "",
    copy_from: CatalogueVersion | None = None,
) -> CatalogueVersion:
    """A new draft version; ``copy_from`` copies every entry (with regulators and methods) to edit."""
    _require_manager(actor)
    label = (label or "").strip()
    if not label:
        raise InvalidInput("请填写目录版本", code="invalid_input", details={"field": "label"})
    with transaction.atomic():
        if CatalogueVersion.objects.filter(label=label).exists():
            raise Conflict("该目录版本已存在", code="duplicate_catalogue_version", details={"label": label})
        version = CatalogueVersion.objects.create(
            label=label,
            title=title,
            effective_from=effective_from,
            document_number=document_number,
            note=note,
            created_at=clock.now(),
        )
        copied = 0
        if copy_from is not None:
            copied = _copy_entries(source=copy_from, target=version)
        audit.record(
            actor=actor,
            action="catalogue.version_created",
            target=version,
            payload={
                "label": label,
                "effectiveFrom": effective_from.isoformat(),
                "copiedFrom": copy_from.pk if copy_from else None,
                "entries": copied,
            },
        )
    return version


def _copy_entries(*, source: CatalogueVersion, target: CatalogueVersion) -> int:
    old_entries = list(source.entries.prefetch_related("regulators", "trading_methods"))
    new_entries = CatalogueEntry.objects.bulk_create(
        [
            CatalogueEntry(
                version=target,
                code=e.code,
                name=e.name,
                group=e.group,
                platform_id=e.platform_id,
                industry_code=e.industry_code,
                industry=e.industry,
                legal_basis=e.legal_basis,
                description=e.description,
                sort_order=e.sort_order,
            )
            for e in old_entries
        ]
    )
    by_code = {e.code: e for e in CatalogueEntry.objects.filter(version=target)}
    reg_through = CatalogueEntry.regulators.through
    meth_through = CatalogueEntry.trading_methods.through
    reg_through.objects.bulk_create(
        [
            reg_through(catalogueentry_id=by_code[e.code].pk, entity_id=r.pk)
            for e in old_entries
            for r in e.regulators.all()
        ]
    )
    meth_through.objects.bulk_create(
        [
            meth_through(catalogueentry_id=by_code[e.code].pk, tradingmethod_id=m.pk)
            for e in old_entries
            for m in e.trading_methods.all()
        ]
    )
    return len(new_entries)


def _lock_draft(version: CatalogueVersion) -> CatalogueVersion:
    locked = CatalogueVersion.objects.select_for_update().filter(pk=version.pk).first()
    if locked is None:
        raise NotFound("目录版本不存在", code="catalogue_version_not_found")
    if locked.status != CatalogueVersion.Status.DRAFT:
        raise Conflict(
            "已发布的目录版本不能修改，请新建版本",
            code="catalogue_version_frozen",
            details={"version": locked.label},
        )
    return locked


def _resolve_platform(platform) -> SubPlatform | None:
    if platform is None or platform == "" or platform == COMPREHENSIVE_CODE or platform == COMPREHENSIVE_NAME:
        return None
    if isinstance(platform, SubPlatform):
        return platform
    found = SubPlatform.objects.filter(code=platform).first()
    if found is None:
        raise Conflict(
            NEW_PLATFORM_FORBIDDEN_MESSAGE,
            code="new_platform_forbidden",
            details={"platform": str(platform), "use": COMPREHENSIVE_CODE},
        )
    return found


def _resolve_regulators(regulators: Iterable) -> list[Entity]:
    found: list[Entity] = []
    for item in regulators:
        entity = item if isinstance(item, Entity) else Entity.objects.filter(uscc=str(item)).first()
        if entity is None:
            raise InvalidInput(
                "行业主管部门不存在", code="unknown_regulator", details={"regulator": str(item)}
            )
        if entity.kind != Entity.Kind.GOVERNMENT:
            raise InvalidInput(
                f"“{entity.name}”不是行政机关，不能作为行业主管部门",
                code="regulator_not_government",
                details={"regulator": entity.uscc},
            )
        found.append(entity)
    if not found:
        raise InvalidInput(
            "每个目录条目至少有一个行业主管部门", code="regulator_required", details={"field": "regulators"}
        )
    return found


def _resolve_methods(codes: Iterable[str]) -> list[TradingMethod]:
    codes = list(dict.fromkeys(codes))
    methods = {m.code: m for m in TradingMethod.objects.filter(code__in=codes)}
    missing = [c for c in codes if c not in methods]
    if missing:
        raise InvalidInput("交易方式不存在", code="unknown_trading_method", details={"methods": missing})
    if not codes:
        raise InvalidInput(
            "每个目录条目至少有一种交易方式",
            code="trading_method_required",
            details={"field": "tradingMethods"},
        )
    return [methods[c] for c in codes]


def catalogue_entry_add(
    *,
    actor,
    version: CatalogueVersion,
    code: str,
    name: str,
    group: str,
    regulators: Iterable,
    trading_methods: Iterable[str],
    platform: SubPlatform | str | None = None,
    industry_code: str = "",
    industry: str = "",
    legal_basis: str = "",
    description: str = "",
    sort_order: int = 0,
) -> CatalogueEntry:
    """Add an entry to a draft version.

    ``platform`` is a registered sub-platform (object or code); ``None``/``"comprehensive"`` means
    the 综合交易系统. An unknown platform is refused with ``new_platform_forbidden`` — the
    catalogue never creates a platform (seed §五.4).
    """
    _require_manager(actor)
    code = (code or "").strip().upper()
    if not ENTRY_CODE_RE.match(code):
        raise InvalidInput(
            "目录编码应为大写字母开头的2–20位字母数字",
            code="invalid_catalogue_code",
            details={"field": "code"},
        )
    if group not in CatalogueEntry.Group.values:
        raise InvalidInput("目录类别不正确", code="invalid_catalogue_group", details={"field": "group"})
    if not (name or "").strip():
        raise InvalidInput("请填写交易项目名称", code="invalid_input", details={"field": "name"})
    if industry_code and not re.fullmatch(r"[A-T]", industry_code):
        raise InvalidInput(
            "行业门类应为 GB/T 4754 门类字母 A–T",
            code="invalid_industry_code",
            details={"field": "industryCode"},
        )
    with transaction.atomic():
        version = _lock_draft(version)
        sub_platform = _resolve_platform(platform)
        regulator_rows = _resolve_regulators(regulators)
        method_rows = _resolve_methods(trading_methods)
        if CatalogueEntry.objects.filter(version=version, code=code).exists():
            raise Conflict("目录编码重复", code="duplicate_catalogue_code", details={"code": code})
        entry = CatalogueEntry.objects.create(
            version=version,
            code=code,
            name=name.strip(),
            group=group,
            platform=sub_platform,
            industry_code=industry_code,
            industry=industry,
            legal_basis=legal_basis,
            description=description,
            sort_order=sort_order,
        )
        entry.regulators.set(regulator_rows)
        entry.trading_methods.set(method_rows)
        audit.record(
            actor=actor,
            action="catalogue.entry_added",
            target=entry,
            payload={
                "version": version.label,
                "code": code,
                "name": entry.name,
                "platform": entry.platform_code,
                "regulators": [r.uscc for r in regulator_rows],
                "methods": [m.code for m in method_rows],
            },
        )
    return entry


def catalogue_entry_remove(*, actor, entry: CatalogueEntry) -> None:
    _require_manager(actor)
    with transaction.atomic():
        _lock_draft(entry.version)
        payload = {"version": entry.version.label, "code": entry.code}
        audit.record(actor=actor, action="catalogue.entry_removed", target=entry, payload=payload)
        entry.delete()


def catalogue_version_publish(*, actor, version: CatalogueVersion) -> CatalogueVersion:
    """Freeze a draft. Its effective date may not be in the past (no retroactive catalogue; the
    system importing a historical version is the exception) and must differ from every other published version's, so "current" is never ambiguous."""
    _require_manager(actor)
    with transaction.atomic():
        locked = CatalogueVersion.objects.select_for_update().filter(pk=version.pk).first()
        if locked is None:
            raise NotFound("目录版本不存在", code="catalogue_version_not_found")
        VERSION.check(locked.status, CatalogueVersion.Status.PUBLISHED)
        # Only the system (actor None: importing a historical catalogue) may publish a past date.
        if actor is not None and locked.effective_from < clock.today():
            raise InvalidInput(
                "实施日期不能早于今天",
                code="effective_date_past",
                details={"effectiveFrom": locked.effective_from.isoformat()},
            )
        if not locked.entries.exists():
            raise InvalidInput("目录版本没有任何条目", code="catalogue_version_empty")
        clash = CatalogueVersion.objects.filter(
            status=CatalogueVersion.Status.PUBLISHED, effective_from=locked.effective_from
        ).exclude(pk=locked.pk)
        if clash.exists():
            raise Conflict(
                "已有同一实施日期的目录版本",
                code="effective_date_taken",
                details={"effectiveFrom": locked.effective_from.isoformat()},
            )
        locked.published_at = clock.now()
        VERSION.move(
            locked,
            CatalogueVersion.Status.PUBLISHED,
            actor=actor,
            extra_fields=["published_at"],
            audit_details={
                "label": locked.label,
                "effectiveFrom": locked.effective_from.isoformat(),
                "entries": sorted(locked.entries.values_list("code", flat=True)),
                "power": powers.CATALOGUE_PUBLISH,
            },
        )
    version.refresh_from_db(fields=["status", "published_at"])
    return locked
