"""The catalogue version's state machine: a draft is published once and then frozen."""

from __future__ import annotations

from ggzy.core.states import StateMachine

from .models import CatalogueVersion

S = CatalogueVersion.Status

VERSION = StateMachine(
    CatalogueVersion,
    transitions={S.DRAFT: {S.PUBLISHED}, S.PUBLISHED: set()},
    audit_action="catalogue.version_published",
    code="catalogue_version_state",
    label="目录版本",
)
