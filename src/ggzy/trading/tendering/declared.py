"""Chinese labels for the common opening items in ``declared`` (sealed-bids spec §2)."""

from __future__ import annotations

DECLARED_LABELS = {
    "durationDays": "工期（日历天）",
    "qualityStandard": "质量标准",
    "warrantyMonths": "质保期（月）",
    "deliveryDays": "交货期（日）",
    "projectManager": "项目负责人",
    "note": "备注",
}


def declared_items(declared: dict) -> list[tuple[str, object]]:
    """(label, value) pairs, empty values left out."""
    return [(DECLARED_LABELS.get(k, k), v) for k, v in (declared or {}).items() if v not in ("", None)]
