"""Tunables of the tendering app (settings override the defaults)."""

from __future__ import annotations

from django.conf import settings

# Largest envelope accepted (bytes of the JWE JSON as sent). Bid files are base64 inside the JWE.
DEFAULT_BID_MAX_BYTES = 64 * 1024 * 1024
# Supervision fingerprint (redflags.md §1 submission extension): accepted keys and their max length.
FINGERPRINT_FIELDS = ("ipAddress", "macAddress", "hardwareId", "fileCreatorId", "depositAccount", "documentHash",
                      "contactPhone")
FINGERPRINT_VALUE_MAX = 200
# Tenders (drafts) one user may create in any hour (finding 8: drafts flooding a district).
DEFAULT_DRAFTS_PER_ACTOR_PER_HOUR = 30


def bid_max_bytes() -> int:
    return int(getattr(settings, "GGZY_BID_MAX_BYTES", DEFAULT_BID_MAX_BYTES))


def drafts_per_actor_per_hour() -> int:
    return max(1, int(getattr(settings, "GGZY_DRAFTS_PER_ACTOR_PER_HOUR", DEFAULT_DRAFTS_PER_ACTOR_PER_HOUR)))
