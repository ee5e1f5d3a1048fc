"""Trading API (sealed-bids spec §5): tenders, sections, registrations, bids, opening, award.

Each endpoint parses input, calls one service or selector, and renders the result.
"""

from __future__ import annotations

from ninja import Router

router = Router(tags=["tendering"])

from . import bids, post_award, tenders  # noqa: E402,F401  (register the endpoints on ``router``)
