"""Hand-built OCDS releases for red-flag tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def firm(n: int) -> str:
    return f"9131000000000{n:04d}X"


def bid(n: int, amount, *, status: str = "valid", minutes: int = 0, **submission) -> dict:
    """One bid by firm n; submission keys are the OCDS extension names."""
    fingerprint = {
        "ipAddress": f"10.0.0.{n}",
        "macAddress": f"02:00:00:00:00:{n:02x}",
        "hardwareId": f"hw-{n}",
        "fileCreatorId": f"tool-{n}",
        "depositAccount": f"6222{n:08d}",
        "documentHash": f"doc-{n}-{amount}",
        "contactPhone": f"1390000{n:04d}",
    }
    fingerprint.update(submission)
    return {
        "tenderer": firm(n),
        "amount": amount,
        "status": status,
        "minutes": minutes,
        "submission": {k: v for k, v in fingerprint.items() if v is not None},
    }


def release(
    ocid: str, bids: list[dict], *, ceiling: float = 1_000_000.0, days: int = 25, winner: int | None = None
) -> dict:
    details = []
    for i, b in enumerate(bids, start=1):
        details.append(
            {
                "id": f"{ocid}-b{i}",
                "date": (
                    START + timedelta(days=days) - timedelta(hours=5) + timedelta(minutes=b["minutes"])
                ).isoformat(),
                "status": b["status"],
                "tenderers": [{"id": b["tenderer"], "name": "企业"}],
                "value": {"amount": b["amount"], "currency": "CNY"},
                "submission": b["submission"],
            }
        )
    valid = [d for d in details if d["status"] == "valid"]
    out = {
        "ocid": ocid,
        "id": f"{ocid}-1",
        "date": START.isoformat(),
        "tag": ["award"],
        "buyer": {"id": "12310000000000001X", "name": "采购人"},
        "tender": {
            "id": ocid,
            "value": {"amount": ceiling, "currency": "CNY"},
            "tenderPeriod": {
                "startDate": START.isoformat(),
                "endDate": (START + timedelta(days=days)).isoformat(),
            },
        },
        "bids": {"details": details},
    }
    if winner is not None:
        supplier = [{"id": firm(winner), "name": "企业"}]
    elif valid:
        supplier = min(valid, key=lambda d: d["value"]["amount"])["tenderers"]
    else:
        supplier = None
    if supplier:
        out["awards"] = [{"id": f"{ocid}-a", "status": "active", "suppliers": supplier}]
    return out


def honest_prices(seed: int, n: int, base: float = 800_000.0, spread: float = 0.06) -> list[float]:
    """Deterministic, well-dispersed honest prices (no regular steps, no ties)."""
    import random

    rng = random.Random(seed)
    return [round(base * (1 + rng.uniform(-spread, spread)), 2) for _ in range(n)]
