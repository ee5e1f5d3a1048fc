"""Install the reference catalogue (``reference.py``) through the services. Idempotent."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from ggzy.parties.models import Entity

from . import reference
from .models import CatalogueVersion, SubPlatform, TradingMethod
from .services import (
    catalogue_entry_add,
    catalogue_version_create,
    catalogue_version_publish,
    sub_platform_register,
    trading_method_ensure,
)


def install_reference_catalogue(
    *,
    actor=None,
    regulators: dict[str, Entity],
    label: str = reference.REFERENCE_VERSION_LABEL,
    effective_from: dt.date = reference.REFERENCE_VERSION_EFFECTIVE,
) -> CatalogueVersion:
    """Trading methods, sub-platforms and one published version of the reference entries.

    ``regulators`` maps the keys of ``reference.REGULATORS`` to government entities. A version with
    the same label that already exists is returned unchanged.
    """
    with transaction.atomic():
        existing_methods = set(TradingMethod.objects.values_list("code", flat=True))
        for order, (code, name, basis) in enumerate(reference.TRADING_METHODS):
            if code not in existing_methods:
                trading_method_ensure(actor=actor, code=code, name=name, legal_basis=basis, sort_order=order)
        existing_platforms = set(SubPlatform.objects.values_list("code", flat=True))
        for spec in reference.SUB_PLATFORMS:
            if spec.code not in existing_platforms:
                sub_platform_register(
                    actor=actor,
                    code=spec.code,
                    stem=spec.stem,
                    operator_name=spec.operator_name,
                    established_on=spec.established_on,
                    description=spec.description,
                )
        version = CatalogueVersion.objects.filter(label=label).first()
        if version is not None:
            return version
        version = catalogue_version_create(
            actor=actor,
            label=label,
            effective_from=effective_from,
            note=reference.REFERENCE_VERSION_NOTE,
        )
        for order, spec in enumerate(reference.ENTRIES):
            catalogue_entry_add(
                actor=actor,
                version=version,
                code=spec.code,
                name=spec.name,
                group=spec.group,
                platform=spec.platform,
                regulators=[regulators[k] for k in spec.regulators],
                trading_methods=spec.methods,
                industry_code=spec.industry_code,
                industry=spec.industry,
                legal_basis=spec.legal_basis,
                description=spec.description,
                sort_order=order * 10,
            )
        return catalogue_version_publish(actor=actor, version=version)
