"""条例40 evidence: one fingerprint value shared by different bidders.

Within a section (tender): the same IP, MAC, hardware id, file-creator id, deposit account,
document hash or contact phone on bids of different bidders. Across sections: the same
device/account/contact value used by different firms anywhere in the data. An IP shared by
many firms market-wide is an office or industrial-park NAT and weighs little on its own.
"""

from __future__ import annotations

import polars as pl

from .config import Config
from .prepare import FP_COLUMNS

KIND_OF_COLUMN = {
    "fp_ip": "ipAddress",
    "fp_mac": "macAddress",
    "fp_hw": "hardwareId",
    "fp_creator": "fileCreatorId",
    "fp_account": "depositAccount",
    "fp_doc": "documentHash",
    "fp_contact": "contactPhone",
}


HASH_PREFIX = "h_"
EMPTY_ROWS = {
    "t": pl.Int64,
    "bid_id": pl.String,
    "bidder": pl.String,
    "column": pl.String,
    "value": pl.String,
    "vh": pl.UInt64,
}


def add_hashes(bids: pl.DataFrame) -> pl.DataFrame:
    """64-bit hashes of every fingerprint value (null stays null): grouping never touches strings."""
    return bids.with_columns(
        pl.when(pl.col(c).is_not_null()).then(pl.col(c).hash(seed=0)).alias(HASH_PREFIX + c)
        for c in FP_COLUMNS
    )


def touched_values(bids: pl.DataFrame) -> dict[str, pl.Series]:
    """Per kind, the distinct value hashes appearing in ``bids``."""
    return {c: bids[HASH_PREFIX + c].drop_nulls().unique() for c in FP_COLUMNS}


def shared_rows(bids: pl.DataFrame, values: dict[str, pl.Series] | None = None) -> pl.DataFrame:
    """Rows (t, bid_id, bidder, column, value, vh) whose value is used by 2+ different firms.

    ``values`` limits the work to those value hashes per kind (incremental updates); None = all.
    """
    parts = []
    for column in FP_COLUMNS:
        h = HASH_PREFIX + column
        known = bids.filter(pl.col(h).is_not_null() & pl.col("bidder").is_not_null())
        if values is not None:
            if values[column].len() == 0:
                continue
            known = known.filter(pl.col(h).is_in(values[column].implode()))
        firms = known.select(h, "bh").unique().group_by(h).len()
        shared = firms.filter(pl.col("len") >= 2)[h]
        if shared.len() == 0:
            continue
        rows = known.filter(pl.col(h).is_in(shared.implode())).select(
            "t", "bid_id", "bidder", column=pl.lit(column), value=pl.col(column), vh=pl.col(h)
        )
        parts.append(rows)
    if not parts:
        return pl.DataFrame(schema=EMPTY_ROWS)
    return pl.concat(parts, how="vertical_relaxed")


def merge_rows(
    cached: pl.DataFrame | None, fresh: pl.DataFrame, values: dict[str, pl.Series]
) -> pl.DataFrame:
    """Replace the cached rows of the re-examined values by the fresh ones."""
    if cached is None or cached.height == 0:
        return fresh
    stale = pl.lit(False)
    for column, hashes in values.items():
        stale = stale | ((pl.col("column") == column) & pl.col("vh").is_in(hashes.implode()))
    return pl.concat([cached.filter(~stale), fresh], how="vertical_relaxed")


def fingerprint_matches(
    long: pl.DataFrame, config: Config
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """From the shared rows: (within-tender matches, per-tender weight, cross-tender links).

    matches: t, column, value, bidders (list), bid_ids (list), firms_on_value, weight
    per-tender: t, fp_weight (sum over kinds of the strongest match; capped)
    links: column, value, bidders (list), n_tenders, weight  (values shared by 2+ firms anywhere)
    """
    weights = pl.DataFrame(
        {
            "column": list(KIND_OF_COLUMN),
            "base_weight": [config.fingerprint_weights[KIND_OF_COLUMN[c]] for c in KIND_OF_COLUMN],
        }
    )
    market = long.group_by("column", "value").agg(
        firms_on_value=pl.col("bidder").n_unique(),
        n_tenders=pl.col("t").n_unique(),
    )
    matches = (
        long.group_by("t", "column", "value")
        .agg(bidders=pl.col("bidder").unique().sort(), bid_ids=pl.col("bid_id").unique().sort())
        .filter(pl.col("bidders").list.len() >= 2)
        .join(market, on=["column", "value"], how="left")
        .join(weights, on="column", how="left")
        .with_columns(weight=_discount(config))
    )
    per_tender = (
        matches.group_by("t", "column")
        .agg(pl.col("weight").max())
        .group_by("t")
        .agg(fp_weight=pl.col("weight").sum().clip(upper_bound=8.0), fp_kinds=pl.col("column").sort())
    )
    links = (
        long.group_by("column", "value")
        .agg(bidders=pl.col("bidder").unique().sort(), n_tenders=pl.col("t").n_unique())
        .with_columns(firms_on_value=pl.col("bidders").list.len())
        .join(weights, on="column", how="left")
        .with_columns(weight=_discount(config))
    )
    return matches.sort("t", "column"), per_tender, links


def _discount(config: Config) -> pl.Expr:
    """IP values used by many firms are a NAT: a tenth of the weight."""
    nat = (pl.col("column") == "fp_ip") & (pl.col("firms_on_value") >= config.nat_firms)
    return pl.when(nat).then(pl.col("base_weight") * 0.1).otherwise(pl.col("base_weight"))
