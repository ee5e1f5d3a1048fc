"""Private key files the platform creates on first use (platform ES256 key, OIDC RS256 key).

Two processes racing to create the same key both end up with one key: each writes a private temporary file
(``O_CREAT|O_EXCL``, mode 0600) and publishes it with ``link()``, which fails if the name exists — the loser
deletes its temporary file and loads the winner's, which is complete by then.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def publish_once(path: Path, pem: bytes) -> None:
    """Write ``pem`` to ``path`` (0600) unless a key is already there; safe when several processes race."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(8)}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)  # atomic; refuses to replace an existing key
        except FileExistsError:
            pass  # another process won: use its key
    finally:
        temporary.unlink(missing_ok=True)
