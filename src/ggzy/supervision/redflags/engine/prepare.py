"""Turn the reader's tables into integer-coded frames the screens work on."""

from __future__ import annotations

import polars as pl

from .schema import FINGERPRINT_COLUMNS

FP_COLUMNS = tuple(FINGERPRINT_COLUMNS.values())
INVALID_STATUSES = ("disqualified", "withdrawn")


def prepare(tenders: pl.DataFrame, bids: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Adds tender index ``t`` and bidder id; marks valid bids; sorts bids by (t, amount)."""
    tenders = tenders.with_row_index("t").with_columns(pl.col("t").cast(pl.Int64))
    bids = (
        bids.join(tenders.select("ocid", "t"), on="ocid", how="inner")
        .with_columns(
            bidder=pl.col("tenderers").list.first().struct.field("id"),
            valid=pl.col("amount").is_not_null()
            & (pl.col("amount") > 0)
            & ~pl.col("status").is_in(list(INVALID_STATUSES)),
        )
        .with_columns(bh=pl.col("bidder").hash(seed=0))
        .sort(["t", "amount"], nulls_last=True)
        .with_row_index("row")
        .with_columns(pl.col("row").cast(pl.Int64))
    )
    return tenders, bids
