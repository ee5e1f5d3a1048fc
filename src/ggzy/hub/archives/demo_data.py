"""``ggzy seed-demo``: the archive of every finished demo trade (sealing the audit records first, as the worker
would on its next round). Idempotent: a trade already archived is skipped."""

from __future__ import annotations

from ggzy.core import audit_seal

from .services import archive_build_due


def seed_demo(result) -> dict[str, int]:
    audit_seal.seal_due(force=True)
    return {"archives": archive_build_due(limit=10_000)}
