"""The verifiable draw of /work/shared/specs/expert-draw.md — pure functions, stdlib only.

Everything here is a deterministic function of published values, so outside verifiers (and
``docs/experts-verify.py``) reproduce it byte for byte.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable, Sequence


def new_secret() -> bytes:
    return secrets.token_bytes(32)


def commitment_of(secret: bytes) -> str:
    """Lowercase hex SHA-256 of the secret, published before the draw."""
    return hashlib.sha256(secret).hexdigest()


def seed_of(secret: bytes, beacon: str) -> bytes:
    """HMAC-SHA256(key=secret, msg=ASCII(beacon))."""
    return hmac.new(secret, beacon.encode("ascii"), hashlib.sha256).digest()


def sort_eligible(codes: Iterable[str]) -> list[str]:
    """Unicode code point order (Python's str ordering), duplicates removed."""
    return sorted(set(codes))


def pool_digest(eligible: Sequence[str]) -> str:
    return hashlib.sha256("\n".join(eligible).encode("utf-8")).hexdigest()


def step_value(seed: bytes, label: str, i: int) -> int:
    msg = (label + "\x00" + str(i)).encode("utf-8")
    return int.from_bytes(hmac.new(seed, msg, hashlib.sha256).digest(), "big")


def draw_order(eligible: Sequence[str], seed: bytes, label: str, n: int) -> list[str]:
    """The first ``n`` positions of the partial Fisher–Yates shuffle of ``eligible``.

    Swaps are kept in a dict instead of copying the list, so the cost is one HMAC per position
    whatever the pool size.
    """
    size = len(eligible)
    n = min(n, size)
    moved: dict[int, str] = {}
    out: list[str] = []
    for i in range(n):
        u = step_value(seed, label, i)
        j = i + u % (size - i)
        ai = moved.get(i, eligible[i])
        aj = moved.get(j, eligible[j])
        moved[i], moved[j] = aj, ai
        out.append(aj)
    return out
