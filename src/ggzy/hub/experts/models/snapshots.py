"""Pool snapshots: the sorted candidate codes per (specialty, regions) at a pool version.

A draw line stores its snapshot plus the few codes avoidance removed, instead of a fresh copy of a
pool that may hold 100,000 experts; snapshots are immutable and shared by every draw at that version.
"""

from __future__ import annotations

from django.db import models


class PoolState(models.Model):
    """One row; ``version`` grows with every change that can alter who is in a specialty pool."""

    singleton = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "专家库版本"
        verbose_name_plural = "专家库版本"


class PoolSnapshot(models.Model):
    specialty_code = models.CharField(max_length=12)
    regions_key = models.CharField(max_length=400, blank=True)
    version = models.BigIntegerField()
    size = models.PositiveIntegerField()
    digest = models.CharField(max_length=64)
    codes = models.TextField()  # "\n".join(sorted codes)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "专家库快照"
        verbose_name_plural = "专家库快照"
        constraints = [
            models.UniqueConstraint(
                fields=["specialty_code", "regions_key", "version"], name="pool_snapshot_unique"
            )
        ]
