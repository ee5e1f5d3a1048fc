"""Catalogue entry → plain dict, shared by the JSON API and the templates' JSON links."""

from __future__ import annotations

from .models import CatalogueEntry, CatalogueVersion, SubPlatform


def version_dict(version: CatalogueVersion) -> dict:
    return {
        "label": version.label,
        "title": version.title,
        "effectiveFrom": version.effective_from.isoformat(),
        "status": version.status,
        "documentNumber": version.document_number,
    }


def entry_dict(entry: CatalogueEntry) -> dict:
    return {
        "code": entry.code,
        "name": entry.name,
        "platform": entry.platform_code,
        "platformName": entry.platform_display,
        "group": entry.group,
        "groupName": entry.get_group_display(),
        "regulators": [{"uscc": r.uscc, "name": r.name} for r in entry.regulators.all()],
        "tradingMethods": [{"code": m.code, "name": m.name} for m in entry.trading_methods.all()],
        "industryCode": entry.industry_code,
        "industry": entry.industry,
        "legalBasis": entry.legal_basis,
        "description": entry.description,
        "version": entry.version.label,
    }


def platform_dict(platform: SubPlatform) -> dict:
    return {
        "code": platform.code,
        "stem": platform.stem,
        "platformName": platform.platform_name,
        "centerName": platform.center_name,
        "operatorName": platform.operator_name,
    }
