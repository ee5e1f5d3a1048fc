"""The layering of docs/adr/0003-layering.md, checked on the import graph (import-linter's grimp).

``make lint`` runs the full contracts (``.importlinter``); these tests name the directions that were
broken before and must stay fixed: a lower layer receives facts, it never imports a higher one.
"""

from __future__ import annotations

import grimp
import pytest


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("ggzy", cache_dir=None)


def _imports(graph, importer: str, imported: str) -> list[str]:
    found = []
    for module in graph.find_descendants(importer) | {importer}:
        for target in graph.find_modules_directly_imported_by(module):
            if target == imported or target.startswith(imported + "."):
                found.append(f"{module} -> {target}")
    return sorted(found)


def test_the_expert_draw_never_imports_tendering(graph):
    """Layering: the hub (expert draw) sits below trading; tendering hands it the section's facts."""
    assert _imports(graph, "ggzy.hub", "ggzy.trading") == []


def test_data_exchange_never_imports_red_flags(graph):
    """Layering: redflags reads exchange's intake; exchange announces new releases and knows no scanner."""
    assert _imports(graph, "ggzy.supervision.exchange", "ggzy.supervision.redflags") == []


def test_core_knows_no_bidder_client(graph):
    """Layering: the bidder's own tools (key file, sealing, HTTP client) live next to tendering, not in core."""
    assert not [m for m in graph.modules if m.startswith("ggzy.core.crypto.bidder")]
    assert not [m for m in graph.modules if m == "ggzy.core.management.commands.bidder"]


def test_the_working_day_calendar_is_written_in_core(graph):
    """One calendar: its writes (seed, set, year) sit in core next to its reads, not in tendering."""
    assert "ggzy.core.calendar_services" in graph.modules
    assert not [
        m
        for m in graph.modules
        if m.startswith("ggzy.trading.tendering") and "calendar" in m and ".migrations." not in m
    ]
