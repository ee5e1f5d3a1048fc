"""Thresholds and score weights of the red-flag engine, with built-in defaults.

Every number here is documented in docs/redflags.md. ``Config.load(path)`` overlays a JSON
file (``--config FILE``) on the defaults; unknown keys are rejected so a typo cannot silently
leave a default in place.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

# Evidence weight of one shared fingerprint value between two bidders of one section
# (条例40). IP addresses are weak: an office or industrial-park NAT is shared by honest firms.
FINGERPRINT_WEIGHTS: dict[str, float] = {
    "documentHash": 3.0,
    "depositAccount": 3.0,
    "hardwareId": 2.5,
    "macAddress": 2.0,
    "fileCreatorId": 2.0,
    "contactPhone": 1.5,
    "ipAddress": 0.6,
}

# Logistic weights of the stage-1 (local evidence only) tender score, used to weigh co-bid
# pairs when looking for groups.
STAGE1_WEIGHTS: dict[str, float] = {
    "bias": -2.483,
    "low_cv": 0.0,
    "sub_cv": 0.763,
    "rd": 0.544,
    "steps": 0.557,
    "identical": 0.0,
    "ceiling_hug": 3.516,
    "cover_cluster": 0.89,
    "fingerprint": 3.832,
    "short_period": 0.056,
    "disqualified": 1.327,
}

# Logistic weights of the tender score (calibrated on training seeds 1-3 of the synthetic
# generator, see docs/redflags.md; re-run ``ggzy redflags evaluate --calibrate`` to refit).
TENDER_WEIGHTS: dict[str, float] = {
    "bias": -5.385,
    "low_cv": 0.0,
    "sub_cv": 0.197,
    "rd": 0.421,
    "steps": 0.0,
    "identical": 0.0,
    "ceiling_hug": 0.949,
    "cover_cluster": 0.073,
    "fingerprint": 0.257,
    "short_period": 0.469,
    "disqualified": 0.125,
    "group": 12.524,
}


@dataclass(frozen=True)
class Config:
    chunk_bytes: int = 32 * 1024 * 1024
    # price screens
    low_cv: float = 0.01  # GGZY-LOW-CV: coefficient of variation of valid bids below this
    sub_cv: float = 0.004  # subgroup (3 adjacent bids) CV below this
    cover_cv: float = 0.01  # GGZY-COVER-CLUSTER: CV of losing bids below this ...
    cover_gap: float = 0.06  # ... and all of them within this fraction above the winner
    step_tolerance: float = 0.05  # GGZY-REGULAR-STEPS: relative deviation of consecutive differences
    step_min_bids: int = 4  # at least this many bids in arithmetic progression
    identical_decimals: int = 2
    ceiling_hug: float = 0.98  # GGZY-CEILING-HUG: winning bid / ceiling at or above this
    close_to_winner: float = 0.005  # R024: second bid within this fraction of the winning bid
    heavy_discount: float = 0.7  # R058: a bid below this fraction of the median of the others
    # R003: the legal minimum bid period, rule 法24 (招标投标法第二十四条, 20 days). This default serves the
    # standalone CLI; the platform passes the value from its legal rules registry (redflags/legal.py).
    min_period_days: float = 20.0
    disqualified_share: float = 0.5  # R038
    # market structure
    min_cobids: int = 3  # R053 / R057 / group edges need this many shared tenders
    loser_min_bids: int = 8  # R025
    loser_max_p: float = 0.01  # R025: binomial probability of so few wins by chance
    nat_firms: int = 5  # an IP used by at least this many firms is treated as a shared NAT
    # groups
    edge_threshold: float = 5.0
    max_group_size: int = 12
    # final tender score = max(stage-2 score, local_cap * stage-1 score): strong evidence inside
    # one tender (e.g. the same document hash) ranks high even before a group is known
    local_cap: float = 0.7
    # output thresholds for severities
    high: float = 0.7
    medium: float = 0.4
    fingerprint_weights: dict[str, float] = field(default_factory=lambda: dict(FINGERPRINT_WEIGHTS))
    stage1_weights: dict[str, float] = field(default_factory=lambda: dict(STAGE1_WEIGHTS))
    tender_weights: dict[str, float] = field(default_factory=lambda: dict(TENDER_WEIGHTS))

    @classmethod
    def load(cls, path: str | Path | None) -> Config:
        if path is None:
            return cls()
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: dict) -> Config:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"未知的配置项: {', '.join(unknown)}")
        base = asdict(cls())
        for key in ("fingerprint_weights", "stage1_weights", "tender_weights"):
            if key in data:
                base[key] = {**base[key], **data.pop(key)}
        base.update(data)
        return cls(**base)
