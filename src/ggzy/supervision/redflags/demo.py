"""Demo intake: the red-flag engine's synthetic market (with planted cartels) pushed through the real
intake service as a sub-platform would, so the alerts, dashboards and data-quality pages have data.

Each synthetic release gets what the platform's conventions add (catalogue code of the
sub-platform's entries, a Shanghai district for the buyer); the intake path itself is unchanged.
"""

from __future__ import annotations

import random
from typing import Any

from ggzy.supervision.exchange.ocds_facts import CATALOGUE_SCHEME
from ggzy.supervision.exchange.services import IngestResult, releases_ingest

from .engine import synth

DEMO_DISTRICTS = ("浦东新区", "黄浦区", "徐汇区", "闵行区", "嘉定区", "松江区", "青浦区", "宝山区")
PACKAGE_SIZE = 1_000


def _decorate(release: dict[str, Any], *, codes: list[str], rng: random.Random) -> dict[str, Any]:
    tender = release.setdefault("tender", {})
    if codes:
        tender.setdefault(
            "items", [{"id": "1", "classification": {"scheme": CATALOGUE_SCHEME, "id": rng.choice(codes)}}]
        )
    buyer = release.get("buyer")
    if buyer and not release.get("parties"):
        release["parties"] = [
            {**buyer, "roles": ["buyer"], "address": {"region": rng.choice(DEMO_DISTRICTS)}}
        ]
    return release


def demo_releases(*, seed: int, tenders: int, codes: list[str]) -> tuple[list[dict[str, Any]], dict]:
    releases, key = synth.generate(seed, tenders)
    rng = random.Random(seed)
    by_ocid: dict[str, str] = {}
    for release in releases:
        # one category per process, whatever release of it we see
        chosen = by_ocid.setdefault(release["ocid"], rng.choice(codes)) if codes else ""
        _decorate(release, codes=[chosen] if chosen else [], rng=random.Random(release["ocid"]))
    return releases, key


def push_demo(*, source, seed: int = 1, tenders: int = 300, codes: list[str]) -> IngestResult:
    releases, _ = demo_releases(seed=seed, tenders=tenders, codes=codes)
    total = IngestResult()
    for start in range(0, len(releases), PACKAGE_SIZE):
        package = {
            "uri": f"https://demo.ggzy.example.cn/ocds/{seed}/{start}",
            "version": "1.1",
            "publishedDate": releases[start]["date"],
            "publisher": {"name": source.name},
            "releases": releases[start : start + PACKAGE_SIZE],
        }
        result = releases_ingest(source=source, package=package)
        total.created += result.created
        total.unchanged += result.unchanged
        total.ocids += result.ocids
    return total
