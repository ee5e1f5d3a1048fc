"""What the venues app announces to the layers above it (docs/adr/0004-layering.md).

``witness_anomaly_recorded`` is sent inside the transaction that records a witness entry with anomalies
(a receiver's writes commit or roll back with the entry), with ``entry`` (a plain dict:
``witness_entry_dict``). Supervision (redflags) connects at start-up and raises an alert to the regulator of
the category.
"""

from __future__ import annotations

from django.dispatch import Signal

witness_anomaly_recorded = Signal()
