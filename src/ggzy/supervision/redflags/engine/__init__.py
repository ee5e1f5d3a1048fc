"""Bid-rigging red-flag engine: pure Python + polars/numpy, no Django, no database.

Entry points:
- ``scan_file(path, config)`` and ``scan_releases(iterable_of_release_dicts, config)`` -> Result
- ``Index`` for incremental use: ``index = Index(config)``; ``index.add_releases(releases)``
  returns a Result restricted to the tenders, bidders and groups the new data affected.
"""

from __future__ import annotations

from collections.abc import Iterable

from .config import Config
from .index import Index
from .reader import ReadStats, read_jsonl, read_releases
from .result import Result, result_from_index, scan_tables

VERSION = "1.0.0"


def scan_file(path, config: Config | None = None, *, on_bad=None, progress=None) -> Result:
    config = config or Config()
    tenders, bids, stats = read_jsonl(path, chunk_bytes=config.chunk_bytes, on_bad=on_bad, progress=progress)
    return scan_tables(tenders, bids, config=config, stats=stats)


def scan_releases(releases: Iterable[dict], config: Config | None = None, *, on_bad=None) -> Result:
    tenders, bids, stats = read_releases(releases, on_bad=on_bad)
    return scan_tables(tenders, bids, config=config, stats=stats)


def _add_releases(self: Index, releases: Iterable[dict], *, on_bad=None) -> Result:
    tenders, bids, stats = read_releases(releases, on_bad=on_bad)
    affected = self.update(tenders, bids)
    return result_from_index(self, stats, only=affected)


Index.add_releases = _add_releases  # type: ignore[attr-defined]

__all__ = ["Config", "Index", "ReadStats", "Result", "VERSION", "scan_file", "scan_releases"]
