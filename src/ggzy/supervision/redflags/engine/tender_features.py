"""Per-tender facts and score features, all vectorised over tenders."""

from __future__ import annotations

import polars as pl

from .config import Config

FEATURES = (
    "low_cv",
    "sub_cv",
    "rd",
    "steps",
    "identical",
    "ceiling_hug",
    "cover_cluster",
    "fingerprint",
    "short_period",
    "disqualified",
)


def _parse_time(column: str) -> pl.Expr:
    return pl.col(column).str.to_datetime(time_zone="UTC", strict=False)


def tender_facts(tenders: pl.DataFrame, bids: pl.DataFrame) -> pl.DataFrame:
    """Bid counts, winner, statuses and timing per tender (facts for R003/R018/R030/R035/R036/R038)."""
    bids = bids.with_columns(when=_parse_time("date"))
    winners = (
        tenders.select("t", winner=pl.col("winner").list.first())
        .drop_nulls("winner")
        .join(
            bids.select(
                "t", winner="bidder", winner_bid="bid_id", winner_amount="amount", winner_when="when"
            ),
            on=["t", "winner"],
            how="inner",
        )
        .unique("t", keep="first")
    )
    lowest_valid = (
        bids.filter(pl.col("valid"))
        .group_by("t")
        .agg(
            low_bidder=pl.col("bidder").first(),
            low_bid=pl.col("bid_id").first(),
            low_amount=pl.col("amount").first(),
            low_when=pl.col("when").first(),
        )
    )
    counts = bids.group_by("t").agg(
        n_bids=pl.len(),
        n_bidders=pl.col("bidder").n_unique(),
        n_disq=(pl.col("status") == "disqualified").sum(),
        n_invalid=(~pl.col("valid")).sum(),
        last_when=pl.col("when").max(),
        n_at_last=(pl.col("when") == pl.col("when").max()).sum(),
        lowest_any_status=pl.col("status").sort_by("amount", nulls_last=True).first(),
        lowest_any_bid=pl.col("bid_id").sort_by("amount", nulls_last=True).first(),
    )
    facts = (
        tenders.select("t", "ocid", "ceiling", start=_parse_time("start"), end=_parse_time("end"))
        .join(counts, on="t", how="left")
        .join(winners, on="t", how="left")
        .join(lowest_valid, on="t", how="left")
        .with_columns(
            n_bids=pl.col("n_bids").fill_null(0),
            n_disq=pl.col("n_disq").fill_null(0),
            n_invalid=pl.col("n_invalid").fill_null(0),
            winner=pl.coalesce("winner", "low_bidder"),
            winner_bid=pl.coalesce("winner_bid", "low_bid"),
            winner_amount=pl.coalesce("winner_amount", "low_amount"),
            winner_when=pl.coalesce("winner_when", "low_when"),
            period_days=(pl.col("end") - pl.col("start")).dt.total_seconds() / 86400.0,
        )
        .drop("low_bidder", "low_bid", "low_amount", "low_when", "start", "end")
    )
    return facts


def features(
    screens: pl.DataFrame, facts: pl.DataFrame, fp_per_tender: pl.DataFrame, config: Config
) -> pl.DataFrame:
    """One row per tender: raw statistics plus the score features (each 0 when not applicable)."""
    frame = (
        facts.join(screens.drop("ocid", "ceiling"), on="t", how="left")
        .join(fp_per_tender, on="t", how="left")
        .with_columns(pl.col("fp_weight").fill_null(0.0), pl.col("n_valid").fill_null(0))
    )
    n3 = pl.col("n_valid") >= 3
    hug_ratio = pl.col("winner_amount") / pl.col("ceiling")
    cover = (
        n3
        & (pl.col("losing_cv") < config.cover_cv)
        & (pl.col("losing_max") <= pl.col("b1") * (1 + config.cover_gap))
    )
    return frame.with_columns(
        hug_ratio=hug_ratio,
        cover_flag=cover.fill_null(False),
        low_cv=pl.when(n3)
        .then((-pl.col("cv").log10() - 1).clip(0, 3))
        .otherwise(0.0)
        .fill_null(0.0)
        .fill_nan(0.0),
        sub_cv=pl.when(n3)
        .then((-pl.col("sub_cv3").log10() - 2).clip(0, 3))
        .otherwise(0.0)
        .fill_null(0.0)
        .fill_nan(0.0),
        rd=pl.when(n3).then(pl.col("rd").log().clip(0, 3)).otherwise(0.0).fill_null(0.0).fill_nan(0.0),
        steps=(pl.col("step_run").fill_null(0) - 2).clip(0, 4).cast(pl.Float64),
        identical=pl.col("identical").fill_null(0).clip(0, 2).cast(pl.Float64),
        ceiling_hug=((hug_ratio - 0.95) / 0.05).clip(0, 1).fill_null(0.0).fill_nan(0.0),
        cover_cluster=cover.fill_null(False).cast(pl.Float64),
        fingerprint=pl.col("fp_weight").log1p(),
        disqualified=pl.when(pl.col("n_bids") >= 3)
        .then(pl.col("n_invalid") / pl.col("n_bids"))
        .otherwise(0.0)
        .fill_null(0.0),
        short_period=(pl.col("period_days") < config.min_period_days).fill_null(False).cast(pl.Float64),
    )
