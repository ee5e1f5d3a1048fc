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


def _shared_rows(bids: pl.DataFrame) -> pl.DataFrame:
    """Rows (t, bid_id, bidder, column, value) whose value is used by 2+ different firms.

    Works on 64-bit hashes of the values, one column at a time, so the million-bid case never
    groups strings; only the (few) shared values are turned back into rows with their text.
    """
    base = bids.select("t", "bid_id", "bidder", "bh", *FP_COLUMNS).drop_nulls("bidder")
    parts = []
    for column in FP_COLUMNS:
        known = base.filter(pl.col(column).is_not_null())
        hashed = known.select("bh", vh=pl.col(column).hash(seed=0))
        firms = hashed.unique().group_by("vh").len()
        shared = firms.filter(pl.col("len") >= 2)["vh"]
        if shared.len() == 0:
            continue
        keep = hashed["vh"].is_in(shared.implode())
        rows = known.filter(keep).select("t", "bid_id", "bidder", column=pl.lit(column), value=pl.col(column))
        parts.append(rows)
    if not parts:
        return pl.DataFrame(
            schema={
                "t": pl.Int64,
                "bid_id": pl.String,
                "bidder": pl.String,
                "column": pl.String,
                "value": pl.String,
            }
        )
    return pl.concat(parts, how="vertical_relaxed")


def fingerprint_matches(
    bids: pl.DataFrame, config: Config
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Returns (within-tender matches, per-tender weight, cross-tender value links).

    matches: t, column, value, bidders (list), bid_ids (list), firms_on_value, weight
    per-tender: t, fp_weight (sum over kinds of the strongest match; capped)
    links: column, value, bidders (list), n_tenders, weight  (values shared by 2+ firms anywhere)
    """
    long = _shared_rows(bids)
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
