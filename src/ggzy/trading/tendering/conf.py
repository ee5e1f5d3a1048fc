"""Tunables of the tendering app (settings override the defaults)."""

from __future__ import annotations

from django.conf import settings

# Largest envelope accepted (bytes of the JWE JSON as sent). Bid files are base64 inside the JWE.
DEFAULT_BID_MAX_BYTES = 64 * 1024 * 1024
# Supervision fingerprint (redflags.md §1 submission extension): accepted keys and their max length.
FINGERPRINT_FIELDS = (
    "ipAddress",
    "macAddress",
    "hardwareId",
    "fileCreatorId",
    "depositAccount",
    "documentHash",
    "contactPhone",
)
FINGERPRINT_VALUE_MAX = 200
# Uploads one bidder may make to one section, withdrawals and resubmissions included (finding 9).
DEFAULT_BID_MAX_SUBMISSIONS_PER_SECTION = 5
# Retracted envelope files are kept this many years after the procedure ended: GP records ≥ 15 years from the
# end of the procurement (采购法42), applied to every trade (domain-rules §13).
DEFAULT_RETRACTED_ENVELOPE_RETENTION_YEARS = 15
# Bid uploads one process handles at once; more are refused with 503 uploads_busy (finding 10).
DEFAULT_MAX_CONCURRENT_UPLOADS = 4
# Tenders (drafts) one user may create in any hour (finding 8: drafts flooding a district).
DEFAULT_DRAFTS_PER_ACTOR_PER_HOUR = 30


def bid_max_bytes() -> int:
    return int(getattr(settings, "GGZY_BID_MAX_BYTES", DEFAULT_BID_MAX_BYTES))


def drafts_per_actor_per_hour() -> int:
    return max(1, int(getattr(settings, "GGZY_DRAFTS_PER_ACTOR_PER_HOUR", DEFAULT_DRAFTS_PER_ACTOR_PER_HOUR)))


def bid_max_submissions_per_section() -> int:
    return max(
        1,
        int(
            getattr(settings, "GGZY_BID_MAX_SUBMISSIONS_PER_SECTION", DEFAULT_BID_MAX_SUBMISSIONS_PER_SECTION)
        ),
    )


def retracted_envelope_retention_years() -> int:
    years = getattr(
        settings, "GGZY_RETRACTED_ENVELOPE_RETENTION_YEARS", DEFAULT_RETRACTED_ENVELOPE_RETENTION_YEARS
    )
    return max(DEFAULT_RETRACTED_ENVELOPE_RETENTION_YEARS, int(years))  # never shorter than the law allows


def max_concurrent_uploads() -> int:
    return max(1, int(getattr(settings, "GGZY_MAX_CONCURRENT_UPLOADS", DEFAULT_MAX_CONCURRENT_UPLOADS)))
