"""Demo data for ``ggzy seed-demo``: the rooms (idempotent; the migration seeds them too)."""

from __future__ import annotations

from .models import Room
from .room_data import install_rooms


def seed_demo(result) -> dict[str, int]:
    return {"rooms": install_rooms(Room)}
