from __future__ import annotations

from django.db import models


class ClockOffset(models.Model):
    """Training/test clock (sealed-bids spec §6). One row; every process reads the same offset.

    Only honoured when settings.GGZY_ALLOW_CLOCK is true — never in production.
    """

    singleton = models.PositiveSmallIntegerField(primary_key=True, default=1)
    offset_seconds = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "训练时钟"
        verbose_name_plural = "训练时钟"
