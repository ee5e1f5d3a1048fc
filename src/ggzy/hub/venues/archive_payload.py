"""The witness records in a finished trade's archive bag (spec archives-and-sso §1 "the witness records").

Registered with the archives at start-up (``VenuesConfig.ready``); the archives never import venues."""

from __future__ import annotations

import json

from .selectors import witness_records_for

WITNESS_FILE = "witness/records.json"


def witness_payload(kind: str, ref: str) -> dict[str, bytes]:
    """``{"witness/records.json": …}`` with every witness entry of the section or listing, none when unwitnessed."""
    records = witness_records_for(ref)
    if not records:
        return {}
    return {
        WITNESS_FILE: json.dumps(records, ensure_ascii=False, indent=2, sort_keys=True, default=str).encode()
    }
