"""What an archive is made of, received from the trading layer (the hub never imports trading).

Each trading system that finishes trades registers one :class:`ArchiveProvider` at start-up (tendering in
``TenderingConfig.ready`` for its sections; auctions will register one for listings with ``kind="listing"``).
The worker asks every provider for its finished trades (:meth:`ArchiveProvider.finished_refs`) and builds a bag
for each one not archived yet, from the :class:`ArchiveSource` the provider returns.

Other apps add files to a trade's payload without the provider knowing them: a *payload contributor*
(``register_payload_contributor``) receives ``(kind, ref)`` and returns ``{path under data/: bytes}`` —
the witness records (hub.venues) and the signed evaluation report (trading.evaluation) come in this way, the
complaint files (supervision.complaints) will; a contributor must only return facts that are final when the trade has finished.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

# A payload file: its bytes, or a file on disk copied as it is (large bid envelopes are not read into memory).
PayloadFile = bytes | Path


@dataclass(frozen=True)
class ArchiveSource:
    """One finished trade (a section or a listing), as its archive needs it."""

    kind: str  # "section" | "listing"
    ref: str  # the section's or listing's code: the bag's External-Identifier
    title: str
    outcome: str  # 已签订合同 / 流标 / 已终止 / 成交 / 未成交 …, in Chinese
    finished_at: dt.datetime
    catalogue_code: str
    buyer_uscc: str
    agency_uscc: str
    regulator_usccs: tuple[str, ...]
    files: Mapping[str, PayloadFile]  # path under data/ → content
    # The audit records that go into data/audit/records.jsonl: those whose (target_type, target_id) is listed.
    audit_targets: tuple[tuple[str, str], ...] = ()
    # Facts of the bag that the provider wants in bag-info.txt besides the spec's (e.g. Ggzy-Section-Status).
    extra_info: Mapping[str, str] = field(default_factory=dict)


class ArchiveProvider(Protocol):
    kind: str

    def finished_refs(self) -> Iterable[str]:
        """Codes of every trade of this kind that has finished (archived or not)."""

    def source(self, ref: str) -> ArchiveSource | None:
        """The archive source of the finished trade ``ref``; None if it is not (or no longer) finished."""


PayloadContributor = Callable[[str, str], Mapping[str, PayloadFile]]

_providers: dict[str, ArchiveProvider] = {}
_contributors: list[PayloadContributor] = []


def register_archive_provider(provider: ArchiveProvider) -> None:
    """Called once per kind by the trading layer when the apps are ready (re-registering replaces it)."""
    _providers[provider.kind] = provider


def providers() -> tuple[ArchiveProvider, ...]:
    return tuple(_providers.values())


def provider_for(kind: str) -> ArchiveProvider | None:
    return _providers.get(kind)


def register_payload_contributor(contributor: PayloadContributor) -> None:
    """Witness records, complaint files …: called with ``(kind, ref)`` while a bag is built."""
    if contributor not in _contributors:
        _contributors.append(contributor)


def contributed_files(kind: str, ref: str) -> dict[str, PayloadFile]:
    files: dict[str, PayloadFile] = {}
    for contributor in _contributors:
        files.update(contributor(kind, ref))
    return files
