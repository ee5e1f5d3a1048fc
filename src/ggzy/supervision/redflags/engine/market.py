"""Market structure over time: co-bidding pairs, suspected groups, persistent losers.

Follows the co-bidding network approach (e.g. Wachs & Kertész 2019; Fazekas & Tóth 2016):
firms are nodes, an edge collects evidence that two firms coordinate - the suspicion of the
tenders they bid on together (counted fully when both sit in the tender's tightest price
cluster) plus fingerprint values they share anywhere. Co-bidding counts alone are not
evidence: regional specialists meet all the time.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from .config import Config


def cobid_pairs(bids: pl.DataFrame) -> pl.DataFrame:
    """t, a, b (bidder hashes, a < b), both_suspect, close: every pair of firms bidding on one tender.

    ``close`` (null when not measurable): the two valid bids are less than 0.3 standard
    deviations (of the tender's log prices, 4+ valid bids) apart.
    """
    per = (
        bids.drop_nulls("bidder")
        .group_by("t", "bh")
        .agg(
            suspect=pl.col("suspect").any(),
            logp=pl.col("amount").filter(pl.col("valid")).min().log(),
        )
    )
    spread = per.group_by("t").agg(sd=pl.col("logp").std(), nv=pl.col("logp").count())
    per = per.join(spread, on="t").with_columns(
        logp=pl.when(pl.col("nv") >= 4).then(pl.col("logp")).otherwise(None),
    )
    return (
        per.join(per.select("t", "bh", "suspect", "logp"), on="t", suffix="_b")
        .filter(pl.col("bh") < pl.col("bh_b"))
        .select(
            "t",
            a="bh",
            b="bh_b",
            both_suspect=pl.col("suspect") & pl.col("suspect_b"),
            close=((pl.col("logp") - pl.col("logp_b")).abs() < 0.3 * pl.col("sd")),
        )
    )


def fingerprint_pairs(links: pl.DataFrame, config: Config) -> pl.DataFrame:
    """a, b, fp: summed weight of fingerprint values two firms share anywhere in the data."""
    small = links.filter(pl.col("firms_on_value") <= 2 * config.max_group_size).with_row_index("link")
    exploded = small.select(
        "link", "column", "weight", bh=pl.col("bidders").list.eval(pl.element().hash(seed=0))
    ).explode("bh")
    pairs = (
        exploded.join(exploded.select("link", bh_b="bh"), on="link")
        .filter(pl.col("bh") < pl.col("bh_b"))
        .group_by("bh", "bh_b", "column")
        .agg(pl.col("weight").sum())
        .with_columns(
            weight=pl.when(pl.col("column") == "fp_ip")
            .then(pl.col("weight").clip(upper_bound=1.0))
            .otherwise(pl.col("weight"))
        )
        .group_by(a="bh", b="bh_b")
        .agg(fp=pl.col("weight").sum().clip(upper_bound=8.0), fp_kinds=pl.col("column").sort())
    )
    return pairs


def pair_evidence(
    pairs: pl.DataFrame, stage1: pl.DataFrame, fp_pairs: pl.DataFrame, llr_weight: float = 0.3
) -> pl.DataFrame:
    """a, b, n_co, price (sum of co-suspicion), fp, weight."""
    scored = pairs.join(stage1.select("t", "s1"), on="t", how="left").with_columns(
        c=pl.col("s1").fill_null(0.0) * pl.col("both_suspect").cast(pl.Float64)
    )
    agg = scored.group_by("a", "b").agg(
        n_co=pl.len(),
        price=pl.col("c").sum(),
        n_measured=pl.col("close").count().cast(pl.Float64),
        k=pl.col("close").sum().cast(pl.Float64),
    )
    # Binomial log-likelihood ratio: the pair bids closer together than the market's pairs
    # usually do, tender after tender (cover bids of incomplete cartels). p0 is the market rate.
    p0 = min(max(float(pairs["close"].mean() or 0.2), 0.01), 0.99)
    n, k = pl.col("n_measured"), pl.col("k")
    rate = (k / n).clip(1e-9, 1 - 1e-9)
    agg = agg.with_columns(
        llr=pl.when((n > 0) & (k > n * p0))
        .then(k * (rate / p0).log() + (n - k) * ((1 - rate) / (1 - p0)).log())
        .otherwise(0.0)
    )
    return (
        agg.join(fp_pairs, on=["a", "b"], how="full", coalesce=True)
        .with_columns(pl.col("n_co").fill_null(0), pl.col("price", "fp", "llr").fill_null(0.0))
        .with_columns(weight=pl.col("price") + llr_weight * pl.col("llr") + 0.5 * pl.col("fp"))
    )


def _components(edges: list[tuple[int, int]]) -> list[list[int]]:
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for node in parent:
        groups.setdefault(find(node), []).append(node)
    return [sorted(g) for g in groups.values()]


def find_groups(evidence: pl.DataFrame, config: Config) -> list[list[int]]:
    """Connected components of strong edges; oversized components are cut at higher thresholds."""
    strong = evidence.filter(
        (pl.col("weight") >= config.edge_threshold)
        & ((pl.col("n_co") >= config.min_cobids) | (pl.col("fp") >= 3.0))
    ).select("a", "b", "weight")
    result: list[list[int]] = []
    pending = [(strong, config.edge_threshold)]
    while pending:
        edges, threshold = pending.pop()
        for component in _components(list(zip(edges["a"].to_list(), edges["b"].to_list(), strict=True))):
            if len(component) <= config.max_group_size:
                result.append(component)
                continue
            inner = edges.filter(pl.col("a").is_in(component) & pl.col("b").is_in(component))
            threshold = threshold * 1.5
            pending.append((inner.filter(pl.col("weight") >= threshold), threshold))
    return result


def group_table(groups: list[list[int]]) -> pl.DataFrame:
    return pl.DataFrame(
        {"bh": [m for g in groups for m in g], "gid": [i for i, g in enumerate(groups) for _ in g]},
        schema={"bh": pl.UInt64, "gid": pl.Int64},
    )


def group_stats(groups, bids, tenders_scored, evidence, config: Config) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Per group: tenders (2+ members bidding), score and rotation facts; and per (t, gid) presence."""
    members = group_table(groups)
    presence = (
        bids.drop_nulls("bidder")
        .select("t", "bh")
        .unique()
        .join(members, on="bh")
        .group_by("t", "gid")
        .agg(present=pl.len())
        .filter(pl.col("present") >= 2)
    )
    win = tenders_scored.select("t", "ocid", "s1", winner_h=pl.col("winner").hash(seed=0))
    with_win = presence.join(win, on="t").join(
        members.rename({"bh": "winner_h", "gid": "winner_gid"}), on="winner_h", how="left"
    )
    inner = evidence.join(members.rename({"bh": "a"}), on="a").join(
        members.rename({"bh": "b", "gid": "gid_b"}), on="b"
    )
    inner = (
        inner.filter(pl.col("gid") == pl.col("gid_b"))
        .group_by("gid")
        .agg(
            mean_weight=pl.col("weight").mean(),
            fp_mean=pl.col("fp").mean(),
            max_cobids=pl.col("n_co").max(),
            fp_kinds=pl.col("fp_kinds").list.explode(keep_nulls=False, empty_as_null=False).unique().sort(),
        )
    )
    stats = (
        with_win.group_by("gid")
        .agg(
            n_tenders=pl.len(),
            mean_s1=pl.col("s1").mean(),
            ocids=pl.col("ocid").sort(),
            group_wins=(pl.col("winner_gid") == pl.col("gid")).sum(),
            winners=pl.col("winner_h").filter(pl.col("winner_gid") == pl.col("gid")),
        )
        .join(inner, on="gid", how="left")
        .with_columns(pl.col("fp_mean").fill_null(0.0), pl.col("mean_weight").fill_null(0.0))
    )
    # Documented, monotone: internal edge evidence and the mean stage-1 suspicion of its tenders.
    z = -2.0 + 0.35 * stats["mean_weight"].to_numpy() + 2.0 * stats["mean_s1"].to_numpy()
    stats = stats.with_columns(score=pl.Series(1 / (1 + np.exp(-z))))
    return stats, presence


def bidder_stats(bids: pl.DataFrame, facts: pl.DataFrame) -> pl.DataFrame:
    """Bids, wins and the chance of winning so rarely (R025) per firm."""
    per = (
        bids.drop_nulls("bidder")
        .group_by("t", "bh")
        .agg(valid=pl.col("valid").any(), bidder=pl.col("bidder").first())
    )
    sizes = per.group_by("t").agg(k=pl.col("valid").sum())
    won = facts.select("t", bh=pl.col("winner").hash(seed=0), won=pl.col("winner").is_not_null())
    return (
        per.join(sizes, on="t")
        .join(won, on=["t", "bh"], how="left")
        .with_columns(
            won=pl.col("won").fill_null(False),
            log_lose=pl.when(pl.col("valid") & (pl.col("k") >= 2))
            .then((1 - 1 / pl.col("k").cast(pl.Float64)).log())
            .otherwise(0.0),
        )
        .group_by("bh")
        .agg(
            bidder=pl.col("bidder").first(),
            n_bids=pl.len(),
            wins=pl.col("won").sum(),
            p_no_win=pl.col("log_lose").sum().exp(),
        )
    )
