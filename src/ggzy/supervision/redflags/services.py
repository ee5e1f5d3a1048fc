"""Alerts: raised from red-flag scores, routed to the regulators, handled through one state machine.

- ``alerts_from_scan`` turns a scan result (spec redflags.md §2 ``FLAGS.json`` shape) into alerts for
  every tender or group whose score reaches the threshold (``alert_threshold()``).
- Routing: the regulators (行业主管部门) of the catalogue entry of each process
  (``CatalogueEntry.regulators``). A process without a catalogue code, or whose entry has no
  regulator, is routed to the 综合管理部门 (``routed_to_admin``), which 分办 (assigns) it.
- Handling: ``alert_transition`` along ``ALERT_TRANSITIONS`` (待核查 → 核查中 → 属实/不属实/移交), with
  notes and attachments; each step writes an AlertEvent and an audit record in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction

from ggzy.catalog.selectors import current_entries
from ggzy.core import audit, clock, powers
from ggzy.core.exceptions import Conflict, InvalidInput

from .attachments import attachment_store, check_uploads
from .models import Alert, AlertEvent
from .selectors import alert_for_handler
from .states import ALERT, CLOSED_STATUSES, OPEN_STATUSES

S = Alert.Status
ALERT_TRANSITIONS = ALERT.transitions  # the table, for pages offering the next steps
NOTE_MAX = 4000
# Default alert threshold on the engine's calibrated [0, 1] scores; settings.GGZY_ALERT_THRESHOLD
# overrides it (the engine's docs/redflags.md explains what a score means).
DEFAULT_ALERT_THRESHOLD = 0.6
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def alert_threshold() -> float:
    return float(getattr(settings, "GGZY_ALERT_THRESHOLD", DEFAULT_ALERT_THRESHOLD))


@dataclass
class ProcessInfo:
    """What an alert needs to know about one process besides its flags."""

    ocid: str
    title: str = ""
    catalogue_code: str = ""
    district: str = ""
    source: str = ""


def route(catalogue_codes: Iterable[str]) -> tuple[list, bool]:
    """(regulator entities, routed_to_admin) for processes of these catalogue codes."""
    codes = sorted({c for c in catalogue_codes if c})
    regulators: dict[int, Any] = {}
    covered = set()
    if codes:
        for entry in current_entries().filter(code__in=codes):
            found = list(entry.regulators.all())
            if found:
                covered.add(entry.code)
            for entity in found:
                regulators[entity.pk] = entity
    return list(regulators.values()), not codes or covered != set(codes)


def _sorted_flags(flags: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(
        flags or [], key=lambda f: (SEVERITY_ORDER.get(f.get("severity", "low"), 3), f.get("code", ""))
    )


def _raise_alert(
    *, now, regulators: list, to_admin: bool, note: str, payload: dict[str, Any], **fields: Any
) -> Alert:
    """A new alert routed to ``regulators`` (or the 综合管理部门), its "raised" event and its audit record."""
    alert = Alert.objects.create(**fields, routed_to_admin=to_admin, created_at=now, updated_at=now)
    alert.regulators.set(regulators)
    AlertEvent.objects.create(
        alert=alert, kind=AlertEvent.Kind.RAISED, at=now, to_status=alert.status, note=note
    )
    audit.record(
        actor=None,
        action="alert.raised",
        target=alert,
        payload={**payload, "regulators": [r.uscc for r in regulators], "routedToAdmin": to_admin},
    )
    return alert


def _upsert(
    *,
    subject_type: str,
    key: str,
    title: str,
    ocids: list[str],
    members: list[str],
    score: float,
    flags: list[dict[str, Any]],
    infos: list[ProcessInfo],
    engine_version: str,
) -> tuple[Alert, str]:
    """Create the alert, or rescore an open one. Returns (alert, "raised" | "rescored" | "unchanged")."""
    now = clock.now()
    flags = _sorted_flags(flags)
    existing = Alert.objects.select_for_update().filter(subject_type=subject_type, subject_key=key).first()
    if existing is None:
        regulators, to_admin = route(i.catalogue_code for i in infos)
        first = infos[0] if infos else ProcessInfo(ocid="")
        alert = _raise_alert(
            now=now,
            regulators=regulators,
            to_admin=to_admin,
            note=f"风险评分 {score:.2f}",
            payload={
                "subject": subject_type,
                "key": key[:300],
                "score": round(score, 4),
                "codes": [f.get("code") for f in flags],
            },
            subject_type=subject_type,
            subject_key=key[:300],
            title=title[:300],
            ocids=ocids,
            members=members,
            catalogue_code=first.catalogue_code,
            district=first.district,
            source=first.source[:60],
            score=score,
            flags=flags,
            engine_version=engine_version[:40],
        )
        return alert, "raised"
    if existing.status not in OPEN_STATUSES:
        return existing, "unchanged"  # the regulator has decided; a rescan does not reopen it
    if abs(existing.score - score) < 1e-6 and existing.flags == flags:
        return existing, "unchanged"
    old = existing.score
    existing.score, existing.flags, existing.ocids, existing.members = score, flags, ocids, members
    existing.engine_version, existing.updated_at = engine_version[:40], now
    existing.save(update_fields=["score", "flags", "ocids", "members", "engine_version", "updated_at"])
    AlertEvent.objects.create(
        alert=existing, kind=AlertEvent.Kind.RESCORED, at=now, note=f"风险评分 {old:.2f} → {score:.2f}"
    )
    audit.record(
        actor=None,
        action="alert.rescored",
        target=existing,
        payload={"from": round(old, 4), "to": round(score, 4), "codes": [f.get("code") for f in flags]},
    )
    return existing, "rescored"


def alerts_from_scan(
    *,
    result: dict[str, Any],
    processes: dict[str, ProcessInfo],
    only_ocids: set[str] | None = None,
    threshold: float | None = None,
) -> list[Alert]:
    """Alerts for the tenders and groups of a scan result (FLAGS.json shape) at or above the threshold.

    ``processes`` describes every ocid of the scan; ``only_ocids`` limits alerts to tenders (and groups
    touching tenders) that were queued, so context processes loaded for the scan are not re-alerted.
    """
    threshold = alert_threshold() if threshold is None else threshold
    version = str((result.get("engine") or {}).get("version", ""))
    touched: list[Alert] = []
    with transaction.atomic():
        for tender in result.get("tenders") or []:
            ocid = str(tender.get("ocid", ""))
            score = float(tender.get("score") or 0.0)
            if score < threshold or (only_ocids is not None and ocid not in only_ocids):
                continue
            info = processes.get(ocid, ProcessInfo(ocid=ocid))
            alert, _ = _upsert(
                subject_type=Alert.Subject.TENDER,
                key=ocid,
                title=info.title or ocid,
                ocids=[ocid],
                members=[],
                score=score,
                flags=tender.get("flags") or [],
                infos=[info],
                engine_version=version,
            )
            touched.append(alert)
        for group in result.get("groups") or []:
            score = float(group.get("score") or 0.0)
            ocids = [str(o) for o in group.get("ocids") or []]
            if score < threshold or (only_ocids is not None and not only_ocids.intersection(ocids)):
                continue
            members = sorted(str(m) for m in group.get("members") or [])
            infos = [processes[o] for o in ocids if o in processes]
            alert, _ = _upsert(
                subject_type=Alert.Subject.GROUP,
                key="|".join(members),
                title=f"疑似围标团伙（{len(members)}家，涉及{len(ocids)}个项目）",
                ocids=ocids,
                members=members,
                score=score,
                flags=group.get("flags") or [],
                infos=infos,
                engine_version=version,
            )
            touched.append(alert)
    return touched


def _clean_note(note: str | None, *, required: bool) -> str:
    note = (note or "").strip()
    if required and not note:
        raise InvalidInput("请填写核查意见", code="note_required", details={"field": "note"})
    if len(note) > NOTE_MAX:
        raise InvalidInput(f"核查意见不能超过{NOTE_MAX}字", code="note_too_long", details={"field": "note"})
    return note


def alert_transition(*, actor, alert_id: int, to_status: str, note: str = "", files: Iterable = ()) -> Alert:
    """Move an alert along ``ALERT_TRANSITIONS``; closing (属实/不属实/移交) needs a note."""
    files = check_uploads(files)  # refuse bad files before anything is written
    with transaction.atomic():
        alert = alert_for_handler(user=actor, alert_id=alert_id, lock=True)
        ALERT.check(alert.status, to_status)
        note = _clean_note(note, required=to_status in CLOSED_STATUSES)
        now = clock.now()
        old = alert.status
        alert.updated_at = now
        fields = ["updated_at"]
        if alert.first_action_at is None:
            alert.first_action_at = now
            fields.append("first_action_at")
        if to_status in CLOSED_STATUSES:
            alert.closed_at = now
            fields.append("closed_at")
        event = AlertEvent.objects.create(
            alert=alert,
            kind=AlertEvent.Kind.TRANSITION,
            at=now,
            actor=actor,
            from_status=old,
            to_status=to_status,
            note=note,
        )
        stored = [attachment_store(actor=actor, alert=alert, event=event, upload=f) for f in files]
        ALERT.move(
            alert,
            to_status,
            actor=actor,
            extra_fields=fields,
            audit_details={
                "noteDigest": audit.digest(note),
                "attachments": [a.sha256 for a in stored],
                "power": powers.ALERT_HANDLING,
            },
        )
    return alert


def alert_note_add(*, actor, alert_id: int, note: str = "", files: Iterable = ()) -> AlertEvent:
    """A 核查记录 (note and/or attachments) on an open alert."""
    files = check_uploads(files)
    with transaction.atomic():
        alert = alert_for_handler(user=actor, alert_id=alert_id, lock=True)
        if alert.status not in OPEN_STATUSES:
            raise Conflict(
                "预警已办结，不能再添加核查记录", code="alert_closed", details={"status": alert.status}
            )
        note = _clean_note(note, required=not files)
        now = clock.now()
        event = AlertEvent.objects.create(
            alert=alert, kind=AlertEvent.Kind.NOTE, at=now, actor=actor, note=note
        )
        stored = [attachment_store(actor=actor, alert=alert, event=event, upload=f) for f in files]
        if alert.first_action_at is None:
            alert.first_action_at = now
        alert.updated_at = now
        alert.save(update_fields=["first_action_at", "updated_at"])
        audit.record(
            actor=actor,
            action="alert.note",
            target=alert,
            payload={"noteDigest": audit.digest(note), "attachments": [a.sha256 for a in stored]},
        )
    return event


def alert_from_witness_anomaly(*, entry: dict[str, Any]) -> Alert:
    """An anomaly the operator on duty saw at a witnessed step (``hub.venues``) becomes an alert to the
    regulators of the project's category (the 综合管理部门 when the category has none). ``entry`` is the
    witness entry as plain data (``venues.witness.witness_entry_dict``)."""
    now = clock.now()
    regulators, to_admin = route([entry.get("catalogueCode") or ""])
    reference = str(entry.get("reference", ""))
    flags = [
        {"code": "witness_anomaly", "severity": "high", "message": str(entry.get("anomalies", ""))[:1000]}
    ]
    key = f"witness:{entry['id']}"
    return _raise_alert(
        now=now,
        regulators=regulators,
        to_admin=to_admin,
        note=f"现场见证记录 #{entry['id']}（{entry.get('operator', '')}）",
        payload={
            "subject": Alert.Subject.TENDER,
            "key": key,
            "witnessEntry": entry["id"],
            "entryHash": entry.get("entryHash", ""),
        },
        subject_type=Alert.Subject.TENDER,
        subject_key=key,
        title=f"现场见证异常：{reference} {entry.get('stepLabel', '')}"[:300],
        ocids=[],
        members=[],
        catalogue_code=str(entry.get("catalogueCode") or "")[:20],
        source="witness",
        score=1.0,
        flags=flags,
    )


def on_witness_anomaly(sender, *, entry: dict[str, Any], **kwargs) -> None:
    """Receiver of ``venues.signals.witness_anomaly_recorded`` (inside the witness entry's transaction)."""
    alert_from_witness_anomaly(entry=entry)
