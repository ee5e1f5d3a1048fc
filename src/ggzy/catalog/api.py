"""GET /api/v1/catalogue (sealed-bids spec §5): the catalogue in force, for anyone."""

from __future__ import annotations

from ninja import Router, Schema

from ggzy.core.api_types import IsoDate
from ggzy.core.exceptions import NotFound

from . import selectors
from .models import COMPREHENSIVE_CODE, COMPREHENSIVE_NAME, PLATFORM_PREFIX, TradingMethod
from .presenters import entry_dict, platform_dict, version_dict

router = Router(tags=["catalogue"])


class Named(Schema):
    code: str
    name: str


class RegulatorOut(Schema):
    uscc: str
    name: str


class EntryOut(Schema):
    code: str
    name: str
    platform: str
    platformName: str
    group: str
    groupName: str
    regulators: list[RegulatorOut]
    tradingMethods: list[Named]
    industryCode: str
    industry: str
    legalBasis: str
    description: str
    version: str


class VersionOut(Schema):
    label: str
    title: str
    effectiveFrom: str
    status: str
    documentNumber: str


class CatalogueOut(Schema):
    version: VersionOut | None
    items: list[EntryOut]


class PlatformOut(Schema):
    code: str
    stem: str
    platformName: str
    centerName: str
    operatorName: str


class PlatformsOut(Schema):
    items: list[PlatformOut]
    comprehensive: PlatformOut


@router.get("/catalogue", response=CatalogueOut, auth=None, summary="现行公共资源交易目录")
def catalogue(request, on: IsoDate | None = None):
    """The catalogue in force today (or on ``on``, YYYY-MM-DD)."""
    version = selectors.current_catalogue(on=on)
    return {
        "version": version_dict(version) if version else None,
        "items": [entry_dict(e) for e in selectors.version_entries(version)],
    }


@router.get("/catalogue/platforms", response=PlatformsOut, auth=None, summary="交易分平台（统一冠名）")
def platforms(request):
    comprehensive = {
        "code": COMPREHENSIVE_CODE,
        "stem": COMPREHENSIVE_NAME,
        "platformName": f"{PLATFORM_PREFIX}{COMPREHENSIVE_NAME}",
        "centerName": "上海市公共资源交易中心",
        "operatorName": "上海市公共资源交易中心",
    }
    items = [platform_dict(p) for p in selectors.platforms_with_entries(None)]
    return {"items": items, "comprehensive": comprehensive}


@router.get("/catalogue/methods", response=dict[str, list[Named]], auth=None, summary="交易方式")
def methods(request):
    return {"items": [{"code": m.code, "name": m.name} for m in TradingMethod.objects.all()]}


@router.get("/catalogue/{code}", response=EntryOut, auth=None, summary="目录条目")
def entry(request, code: str, on: IsoDate | None = None):
    found = selectors.current_entries(on=on).filter(code=code.upper()).first()
    if found is None:
        raise NotFound(
            "现行交易目录中没有该目录编码", code="catalogue_entry_not_found", details={"code": code}
        )
    return entry_dict(found)
