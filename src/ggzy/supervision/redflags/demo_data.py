"""``ggzy seed-demo`` extension: the construction sub-platform reports a synthetic market (with planted
cartels) through the real intake service, then the scanner runs, so the supervision dashboards, the data
quality page and the regulators' alert queue have something to show.

Idempotent: skipped when the demo sub-platform has already reported releases.
"""

from __future__ import annotations

from ggzy.catalog.selectors import current_entries
from ggzy.supervision.exchange.models import ExchangeSource, IntakeRelease
from ggzy.supervision.exchange.services import exchange_source_register

from .demo import push_demo
from .scanning import scan_pending

DEMO_PLATFORM = "construction"
DEMO_SEED = 2020
DEMO_TENDERS = 300


def seed_demo(result) -> dict[str, int]:
    source = ExchangeSource.objects.filter(platform_code=DEMO_PLATFORM).first()
    if source is None:
        source = exchange_source_register(actor=None, platform_code=DEMO_PLATFORM)
    if IntakeRelease.objects.filter(source=source).exists():
        return {"intake.releases": 0}
    codes = list(current_entries().filter(platform__code=DEMO_PLATFORM).values_list("code", flat=True))
    pushed = push_demo(source=source, seed=DEMO_SEED, tenders=DEMO_TENDERS, codes=codes)
    scanned = 0
    while batch := scan_pending():
        scanned += batch
    return {"intake.releases": len(pushed.created), "redflags.scanned": scanned}
