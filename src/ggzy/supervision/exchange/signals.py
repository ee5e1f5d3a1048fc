"""What the intake announces to the layers above it (docs/adr/0003-layering.md).

Exchange sits below redflags and statistics: it never calls a scanner, it says which processes changed.
``releases_ingested`` is sent inside the intake transaction (so a receiver's writes commit or roll
back with the releases), with ``ocids`` (sorted, new releases only) and ``source`` (``intake:<code>``).
"""

from __future__ import annotations

from django.dispatch import Signal

releases_ingested = Signal()
