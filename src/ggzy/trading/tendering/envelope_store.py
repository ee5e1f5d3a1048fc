"""Retracted envelopes out of the database (finding 9: 12 resubmissions × 46 MB grew the database to 565 MB).

A bid's envelope lives in ``BidEnvelope`` (database) while it may still be opened. Once the bid is
retracted (resubmission or ``DELETE /bids/{id}``) nobody will ever open it; only the record must stay:
the ``Bid`` row keeps ``envelope_sha256``, the manifest and the platform-signed receipt, and the envelope
bytes move to ``MEDIA_ROOT/bid-envelopes/retracted/`` — copied out of the database in slices (bounded
memory), the digest re-checked against the row, the file fsynced before the database row is deleted.

Records are kept at least 15 years from the end of the procurement (采购法42; domain-rules §13 applies it to
every trade). ``retracted_envelopes_purge`` deletes a file only when the section has reached a final state
and the retention has passed since its last change (never earlier than the end of the procedure).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import os
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Length, Substr

from ggzy.core import audit, clock

from .conf import retracted_envelope_retention_years
from .models import Bid, BidEnvelope
from .states import BidStatus, SectionStatus

log = logging.getLogger(__name__)

RETRACTED_DIR = "bid-envelopes/retracted"
COPY_SLICE_CHARS = 4 * 1024 * 1024
FINAL_SECTION_STATUSES = (SectionStatus.CONTRACTED, SectionStatus.FAILED, SectionStatus.TERMINATED)


def _media_path(relative: str) -> Path:
    return Path(settings.MEDIA_ROOT) / relative


def _copy_out(bid_id: int, target: Path) -> str:
    """Write the envelope text of ``bid_id`` to ``target`` slice by slice; return the SHA-256 of the bytes."""
    rows = BidEnvelope.objects.filter(bid_id=bid_id)
    length = rows.annotate(n=Length("text")).values_list("n", flat=True).get()
    digest = hashlib.sha256()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    with open(partial, "wb") as fh:
        for start in range(1, length + 1, COPY_SLICE_CHARS):  # SQL substr counts from 1, in characters
            part = (
                rows.annotate(part=Substr("text", start, COPY_SLICE_CHARS))
                .values_list("part", flat=True)
                .get()
            )
            data = part.encode("utf-8")
            digest.update(data)
            fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(partial, target)
    return digest.hexdigest()


def retracted_envelope_archive(*, bid_id: int) -> bool:
    """Move one retracted bid's envelope from the database to its file. Idempotent; False if nothing to do."""
    with transaction.atomic():
        bid = Bid.objects.select_for_update().filter(pk=bid_id, status=BidStatus.RETRACTED).first()
        if bid is None or not BidEnvelope.objects.filter(bid_id=bid_id).exists():
            return False
        relative = f"{RETRACTED_DIR}/{bid.section_id}/{bid.pk}-{bid.envelope_sha256[:16]}.json"
        target = _media_path(relative)
        actual = _copy_out(bid.pk, target)
        if not hmac.compare_digest(actual, bid.envelope_sha256):
            # Not the bytes the receipt covers: keep the database copy for investigation.
            target.unlink(missing_ok=True)
            log.error("retracted envelope of bid %s does not match its digest; left in the database", bid.pk)
            return False
        BidEnvelope.objects.filter(bid_id=bid.pk).delete()
        bid.envelope_file = relative
        bid.save(update_fields=["envelope_file"])
    return True


def archive_after_commit(bid_ids: list[int]) -> None:
    """Called inside the retracting transaction: the copy runs after commit, outside the section lock.
    Should the process stop in between, the worker's sweep (``retracted_envelopes_purge``) does it."""
    for bid_id in bid_ids:
        transaction.on_commit(lambda bid_id=bid_id: retracted_envelope_archive(bid_id=bid_id))


def stored_envelope_text(bid: Bid) -> str | None:
    """The envelope as received, wherever it is now; None once a retracted envelope has been purged."""
    text = BidEnvelope.objects.filter(bid_id=bid.pk).values_list("text", flat=True).first()
    if text is not None:
        return text
    if not bid.envelope_file or bid.envelope_purged_at is not None:
        return None
    data = _media_path(bid.envelope_file).read_bytes()
    if not hmac.compare_digest(hashlib.sha256(data).hexdigest(), bid.envelope_sha256):
        log.error("retracted envelope file of bid %s does not match its digest", bid.pk)
        return None
    return data.decode("utf-8")


def _years_before(moment: dt.datetime, years: int) -> dt.datetime:
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February → 28 February
        return moment.replace(year=moment.year - years, day=28)


def retracted_envelopes_purge() -> int:
    """Worker task: archive any retracted envelope still in the database, then delete the files whose
    retention has run out. Returns the number of files deleted."""
    for bid_id in Bid.objects.filter(status=BidStatus.RETRACTED, envelope_row__isnull=False).values_list(
        "pk", flat=True
    )[:100]:
        retracted_envelope_archive(bid_id=bid_id)
    now = clock.now()
    years = retracted_envelope_retention_years()
    due = (
        Bid.objects.filter(
            status=BidStatus.RETRACTED,
            envelope_purged_at__isnull=True,
            section__status__in=FINAL_SECTION_STATUSES,
            section__updated_at__lte=_years_before(now, years),
        )
        .exclude(envelope_file="")
        .values_list("pk", flat=True)
    )
    purged = 0
    for bid_id in list(due[:500]):
        with transaction.atomic():
            bid = Bid.objects.select_for_update().filter(pk=bid_id, envelope_purged_at__isnull=True).first()
            if bid is None:
                continue
            _media_path(bid.envelope_file).unlink(missing_ok=True)
            bid.envelope_purged_at = now
            bid.save(update_fields=["envelope_purged_at"])
            audit.record(
                actor=None,
                action="bid.envelope_purged",
                target=bid,
                payload={"envelopeSha256": bid.envelope_sha256, "retentionYears": years, "rule": "采购法42"},
            )
        purged += 1
    return purged
