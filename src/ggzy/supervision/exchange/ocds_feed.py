"""The public OCDS release feed: every stage release of every own process and every release a
sub-platform reported through intake (as ``intake_public.public_release`` shows it), newest last.

Cursor pagination over (event time, release id): stable under new events, which always sort after
the cursor (event times are server times of things that just happened). Each stage's events come
from an indexed query, so a page costs one query per stage plus the builders' prefetches.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F, QuerySet

from ggzy.core import clock
from ggzy.core.pagination import cursor_datetime, cursor_text, decode_cursor, encode_cursor
from ggzy.trading.tendering.models import Section

from . import ocds_export
from .intake_public import public_release
from .models import IntakeRecord, IntakeRelease
from .ocds_schema import BIDS_EXTENSION_URL, OCDS_VERSION

MAX_LIMIT = 200


def _stage_events() -> dict[str, QuerySet]:
    published = Section.objects.filter(tender__published_at__isnull=False).exclude(status="draft")
    return {
        "tender": published.annotate(at=F("tender__published_at")),
        "bids": published.filter(
            revealed_at__isnull=False, bids__status__in=ocds_export.REVEALED_BID_STATUSES
        )
        .distinct()
        .annotate(at=F("revealed_at")),
        "failed": published.filter(status="failed").annotate(at=F("updated_at")),
        "terminated": published.filter(status="terminated").annotate(at=F("updated_at")),
        "award": published.filter(award__isnull=False).annotate(at=F("award__decided_at")),
        "contract": published.filter(contract__signed_at__isnull=False).annotate(at=F("contract__signed_at")),
    }


def _parse_cursor(cursor: str | None) -> tuple[dt.datetime, str] | None:
    if not cursor:
        return None
    when, release_id = decode_cursor(cursor, length=2)
    return cursor_datetime(when), cursor_text(release_id)


def releases_page(*, cursor: str | None, limit: int = 100) -> tuple[list[dict[str, Any]], str | None]:
    """(releases oldest→newest after ``cursor``, next cursor or None)."""
    limit = max(1, min(int(limit), MAX_LIMIT))
    after = _parse_cursor(cursor)
    candidates: list[tuple[dt.datetime, str, int, str]] = []
    more = False
    for stage, qs in _stage_events().items():
        rows = qs
        if after:
            ties = list(qs.filter(at=after[0]).values_list("at", "code", "id"))
            rows = qs.filter(at__gt=after[0])
        else:
            ties = []
        found = list(rows.order_by("at", "code").values_list("at", "code", "id")[: limit + 1])
        more = more or len(found) > limit
        for at, code, pk in ties + found[:limit]:
            release_id = f"{ocds_export.ocid_prefix()}-{code}-{stage}"
            if after and (at, release_id) <= after:
                continue
            candidates.append((at, release_id, pk, stage))
    intake, intake_more = _intake_candidates(after, limit)
    candidates += intake
    more = more or intake_more
    candidates.sort(key=lambda c: (c[0], c[1]))
    page, rest = candidates[:limit], candidates[limit:]
    own = {c[2] for c in page if c[3] != INTAKE}
    sections = {s.pk: s for s in ocds_export.sections_queryset().filter(pk__in=own)}
    reported = IntakeRelease.objects.in_bulk([c[2] for c in page if c[3] == INTAKE])
    now = clock.now()
    releases = []
    for _, release_id, pk, stage in page:
        if stage == INTAKE:
            releases.append(public_release(reported[pk].content, now=now))
            continue
        for release in ocds_export.section_releases(sections[pk]):
            if release["id"] == release_id:
                releases.append(release)
    next_cursor = None
    if page and (rest or more):
        last = page[-1]
        next_cursor = encode_cursor([last[0].isoformat(), last[1]])
    return releases, next_cursor


INTAKE = "intake"


def intake_key(ocid: str, release_id: str) -> str:
    # Release ids are unique per ocid only. "#" sorts below every character of our own release ids, so
    # the key orders like (ocid, release id) and never equals an own release id (which has no "#").
    return f"{ocid}#{release_id}"


def _intake_candidates(after, limit: int) -> tuple[list[tuple[dt.datetime, str, int, str]], bool]:
    """Sub-platform releases by receipt time (a server time, so new ones always sort after a cursor)."""
    rows = IntakeRelease.objects.all()
    ties = []
    if after:
        ties = list(rows.filter(received_at=after[0]).values_list("received_at", "ocid", "release_id", "id"))
        rows = rows.filter(received_at__gt=after[0])
    found = list(
        rows.order_by("received_at", "ocid", "release_id").values_list(
            "received_at", "ocid", "release_id", "id"
        )[: limit + 1]
    )
    candidates = []
    for at, ocid, release_id, pk in ties + found[:limit]:
        key = intake_key(ocid, release_id)
        if after and (at, key) <= after:
            continue
        candidates.append((at, key, pk, INTAKE))
    return candidates, len(found) > limit


def release_package(releases: list[dict[str, Any]], *, uri: str) -> dict[str, Any]:
    published = (
        max((r["date"] for r in releases), default=None) or clock.now().astimezone(clock.SHANGHAI).isoformat()
    )
    return {
        "uri": uri,
        "version": OCDS_VERSION,
        "extensions": [BIDS_EXTENSION_URL],
        "publishedDate": published,
        "publisher": ocds_export.PUBLISHER,
        "releases": releases,
    }


def record_package(ocid: str, *, uri: str) -> dict[str, Any] | None:
    section = ocds_export.section_by_ocid(ocid)
    if section is None:
        return _intake_record_package(ocid, uri=uri)
    releases = ocds_export.section_releases(section)
    compiled = ocds_export.section_compiled(section)
    return {
        "uri": uri,
        "version": OCDS_VERSION,
        "extensions": [BIDS_EXTENSION_URL],
        "publishedDate": compiled["date"],
        "publisher": ocds_export.PUBLISHER,
        "records": [{"ocid": ocid, "releases": releases, "compiledRelease": compiled}],
    }


def _intake_record_package(ocid: str, *, uri: str) -> dict[str, Any] | None:
    record = IntakeRecord.objects.filter(ocid=ocid).first()
    if record is None:
        return None
    now = clock.now()
    contents = (
        IntakeRelease.objects.filter(ocid=ocid)
        .order_by("date", "release_id")
        .values_list("content", flat=True)
    )
    compiled = public_release(record.compiled, now=now)
    return {
        "uri": uri,
        "version": OCDS_VERSION,
        "extensions": [BIDS_EXTENSION_URL],
        "publishedDate": compiled["date"],
        "publisher": ocds_export.PUBLISHER,
        "records": [
            {
                "ocid": ocid,
                "releases": [public_release(c, now=now) for c in contents],
                "compiledRelease": compiled,
            }
        ],
    }
