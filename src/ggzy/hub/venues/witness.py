"""A witness entry's content, its SHA-256 and its plain-dict form (what other apps read).

The entry's hash is written into its audit record (``witness.recorded``, payload ``entryHash``), so the audit
chain — sealed by the worker and checked by ``ggzy audit verify`` — protects it: an entry changed afterwards
no longer hashes to what its sealed audit record says (:func:`witness_entry_intact`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from ggzy.core.audit import canonical_json
from ggzy.core.models import AuditRecord

from .models import WitnessEntry

ACTION = "witness.recorded"


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat()


def entry_content(entry: WitnessEntry) -> dict[str, Any]:
    """What the hash covers: every fact of the entry (not its row id, which is assigned at insert)."""
    return {
        "step": entry.step,
        "reference": entry.reference,
        "booking": entry.booking_id,
        "operator": entry.operator.get_username(),
        "observedAt": _utc(entry.observed_at),
        "observation": entry.observation,
        "anomalies": entry.anomalies,
        "media": [{"name": m["name"], "sha256": m["sha256"]} for m in entry.media],
        "recordedAt": _utc(entry.recorded_at),
    }


def entry_hash(entry: WitnessEntry) -> str:
    return hashlib.sha256(canonical_json(entry_content(entry))).hexdigest()


def witness_entry_intact(entry: WitnessEntry) -> bool:
    """The entry still hashes to its stored hash and to the one its audit record carries."""
    recorded = (
        AuditRecord.objects.filter(
            action=ACTION, target_type=WitnessEntry._meta.label_lower, target_id=str(entry.pk)
        )
        .values_list("payload", flat=True)
        .first()
    )
    current = entry_hash(entry)
    return bool(recorded) and current == entry.entry_hash == recorded.get("entryHash")


def witness_entry_dict(entry: WitnessEntry, *, intact: bool | None = None) -> dict[str, Any]:
    """Plain data (JSON-ready), for archives, supervision and the API."""
    data = {
        "id": entry.pk,
        "step": entry.step,
        "stepLabel": entry.get_step_display(),
        "reference": entry.reference,
        "catalogueCode": entry.catalogue_code,
        "room": entry.booking.room.code if entry.booking_id else "",
        "operator": entry.operator.get_username(),
        "observedAt": entry.observed_at.isoformat(),
        "recordedAt": entry.recorded_at.isoformat(),
        "observation": entry.observation,
        "anomalies": entry.anomalies,
        "media": [dict(m) for m in entry.media],
        "entryHash": entry.entry_hash,
    }
    if intact is not None:
        data["intact"] = intact
    return data
