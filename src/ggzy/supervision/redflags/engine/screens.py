"""Per-tender price screens (Imhof 2017; Huber & Imhof 2019; Wallimann, Imhof & Huber 2023).

All screens are computed for every tender at once on the bid table sorted by (tender,
amount): polars group-bys and numpy prefix sums, no Python loop per bid or per tender.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from .config import Config


def _group_max(values: np.ndarray, starts: np.ndarray, n_groups_rows: int) -> np.ndarray:
    if n_groups_rows == 0:
        return np.zeros(0)
    return np.maximum.reduceat(values, starts)


def _window_cv(x: np.ndarray, group: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray]:
    """CV of every window of ``width`` adjacent sorted bids; inf where it crosses tenders."""
    n = len(x)
    cv = np.full(n, np.inf)
    if n < width:
        return cv, np.zeros(n, dtype=bool)
    c1 = np.concatenate(([0.0], np.cumsum(x)))
    c2 = np.concatenate(([0.0], np.cumsum(x * x)))
    starts = np.arange(n - width + 1)
    same = group[starts] == group[starts + width - 1]
    s1 = c1[starts + width] - c1[starts]
    s2 = c2[starts + width] - c2[starts]
    mean = s1 / width
    var = np.maximum(s2 / width - mean * mean, 0.0) * width / (width - 1)
    values = np.sqrt(var) / mean
    cv[: n - width + 1] = np.where(same, values, np.inf)
    return cv, same


def _best_start(cv: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Row index of the lowest-CV window in each group (windows start inside their group)."""
    order = np.lexsort((cv, group))
    first = np.ones(len(order), dtype=bool)
    first[1:] = group[order][1:] != group[order][:-1]
    return order[first]


def price_screens(
    tenders: pl.DataFrame, bids: pl.DataFrame, config: Config
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Returns (per-tender screens, bids with ``rank`` and ``suspect`` marks)."""
    valid = bids.filter(pl.col("valid")).select("row", "t", "bidder", "amount", "bid_id")
    x = valid["amount"].to_numpy().astype(float)
    g = valid["t"].to_numpy()
    n = len(x)
    new_group = np.ones(n, dtype=bool)
    if n:
        new_group[1:] = g[1:] != g[:-1]
    starts = np.flatnonzero(new_group)
    rank = (
        np.arange(n) - np.repeat(starts, np.diff(np.append(starts, n))) if n else np.zeros(0, dtype=np.int64)
    )

    # Regular steps: consecutive differences equal within a tolerance -> arithmetic runs.
    diff = np.zeros(n)
    if n:
        diff[1:] = np.where(new_group[1:], np.nan, x[1:] - x[:-1])
    prev = np.full(n, np.nan)
    prev[1:] = diff[:-1]
    with np.errstate(invalid="ignore"):
        consistent = (
            (diff > 0)
            & (prev > 0)
            & (np.abs(diff - prev) <= config.step_tolerance * np.maximum(diff, prev))
            & (diff <= 0.05 * x)
        )
    breaks = ~consistent | new_group
    run_id = np.cumsum(breaks)
    run_len = np.bincount(run_id, weights=consistent.astype(float))[run_id]
    step_run = _group_max(np.where(consistent, run_len, 0.0), starts, n) + 2  # bids in the run
    step_run = np.where(step_run >= 3, step_run, 0)
    step_size = _group_max(np.where(consistent, np.nan_to_num(diff), 0.0), starts, n)

    # Tightest subgroup of 3 and 4 adjacent bids (incomplete cartels).
    cv3, _ = _window_cv(x, g, 3)
    cv4, _ = _window_cv(x, g, 4)
    sub3 = np.minimum.reduceat(cv3, starts) if n else np.zeros(0)
    sub4 = np.minimum.reduceat(cv4, starts) if n else np.zeros(0)
    suspect = np.zeros(n, dtype=bool)
    if n:
        best3 = _best_start(cv3, g)
        best4 = _best_start(cv4, g)
        best4 = best4[cv4[best4] <= 1.5 * cv3[best3[np.searchsorted(g[best3], g[best4])]]]
        for best, width in ((best3, 3), (best4, 4)):
            best = best[np.isfinite((cv3 if width == 3 else cv4)[best])]
            for k in range(width):
                suspect[best + k] = True

    per_tender = pl.DataFrame(
        {
            "t": g[starts] if n else np.zeros(0, dtype=np.int64),
            "step_run": step_run.astype(np.int64),
            "step_size": step_size,
            "sub_cv3": np.where(np.isfinite(sub3), sub3, np.nan),
            "sub_cv4": np.where(np.isfinite(sub4), sub4, np.nan),
        }
    )
    valid = valid.with_columns(
        rank=pl.Series(rank, dtype=pl.Int64),
        suspect=pl.Series(suspect),
        amount_r=pl.col("amount").round(config.identical_decimals),
    )
    stats = valid.group_by("t").agg(
        n_valid=pl.len(),
        mean=pl.col("amount").mean(),
        std=pl.col("amount").std(),
        b1=pl.col("amount").min(),
        b2=pl.col("amount").filter(pl.col("rank") == 1).first(),
        bmax=pl.col("amount").max(),
        losing_std=pl.col("amount").filter(pl.col("rank") >= 1).std(),
        losing_mean=pl.col("amount").filter(pl.col("rank") >= 1).mean(),
        losing_max=pl.col("amount").filter(pl.col("rank") >= 1).max(),
        skew=pl.col("amount").skew(),
        kurtosis=pl.col("amount").kurtosis(),
        identical=pl.len() - pl.col("amount_r").n_unique(),
        median_rest=pl.col("amount").filter(pl.col("rank") >= 1).median(),
        lowest_bid=pl.col("bid_id").first(),
        lowest_bidder=pl.col("bidder").first(),
    )
    screens = (
        tenders.select("t", "ocid", "ceiling")
        .join(stats, on="t", how="left")
        .join(per_tender, on="t", how="left")
        .with_columns(
            n_valid=pl.col("n_valid").fill_null(0),
            cv=pl.col("std") / pl.col("mean"),
            spread=(pl.col("bmax") - pl.col("b1")) / pl.col("b1"),
            pct_diff=(pl.col("b2") - pl.col("b1")) / pl.col("b1"),
            rd=(pl.col("b2") - pl.col("b1")) / pl.col("losing_std"),
            losing_cv=pl.col("losing_std") / pl.col("losing_mean"),
            ceiling_ratio=pl.col("b1") / pl.col("ceiling"),
        )
    )
    marks = valid.select("row", "rank", "suspect")
    return screens, bids.join(marks, on="row", how="left").with_columns(pl.col("suspect").fill_null(False))
