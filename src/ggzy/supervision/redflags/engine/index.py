"""Engine state: everything the engine knows, updated incrementally with new releases.

``Index.update(tenders, bids)`` does the per-bid work (screens, fingerprint matches, co-bid
pairs) only for the new tenders; market-level aggregates (pair sums, groups, stage-2 scores)
are re-aggregated from the cached per-tender contributions, which is cheap and vectorised.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from .config import Config
from .fingerprints import add_hashes, fingerprint_matches, merge_rows, shared_rows, touched_values
from .market import (
    bidder_stats,
    cobid_pairs,
    find_groups,
    fingerprint_pairs,
    group_stats,
    group_table,
    pair_evidence,
)
from .prepare import FP_COLUMNS, prepare
from .scoring import STAGE2, logistic
from .screens import price_screens
from .tender_features import FEATURES, features, tender_facts


def _concat(old: pl.DataFrame | None, new: pl.DataFrame) -> pl.DataFrame:
    return new if old is None or old.height == 0 else pl.concat([old, new], how="diagonal_relaxed")


class Index:
    def __init__(self, config: Config | None = None):
        self.config = config or Config()
        self.tenders: pl.DataFrame | None = None  # t, ocid, ... (raw tender columns)
        self.bids: pl.DataFrame | None = None  # prepared bids with suspect marks
        self.local: pl.DataFrame | None = None  # per-tender facts + screens (no fingerprint)
        self.pairs: pl.DataFrame | None = None  # t, a, b, both_suspect, close
        self.fp_rows: pl.DataFrame | None = None  # bids whose fingerprint value 2+ firms use
        self.next_t = 0
        self.scored: pl.DataFrame | None = None
        self.matches = self.links = self.evidence = self.group_info = self.presence = None
        self.groups: list[list[int]] = []
        self.bidders: pl.DataFrame | None = None

    # ------------------------------------------------------------------ update
    def update(self, tenders: pl.DataFrame, bids: pl.DataFrame) -> set[str]:
        """Adds (or replaces, by ocid) releases; returns the ocids whose result may have changed."""
        cfg = self.config
        new_ocids = set(tenders["ocid"].to_list())
        gone = None
        if self.tenders is not None and self.tenders.height:
            replaced = self.tenders.filter(pl.col("ocid").is_in(list(new_ocids)))["t"]
            if replaced.len():
                gone = self.bids.filter(pl.col("t").is_in(replaced.implode()))
                self.tenders = self.tenders.filter(~pl.col("t").is_in(replaced.implode()))
                self.bids = self.bids.filter(~pl.col("t").is_in(replaced.implode()))
                self.local = self.local.filter(~pl.col("t").is_in(replaced.implode()))
                self.pairs = self.pairs.filter(~pl.col("t").is_in(replaced.implode()))
        new_tenders, new_bids = prepare(tenders, bids)
        new_tenders = new_tenders.with_columns(pl.col("t") + self.next_t)
        new_bids = new_bids.with_columns(pl.col("t") + self.next_t)
        self.next_t += tenders.height
        screens, new_bids = price_screens(new_tenders, new_bids, cfg)
        new_bids = add_hashes(new_bids)
        facts = tender_facts(new_tenders, new_bids)
        local = facts.join(screens.drop("ocid", "ceiling"), on="t", how="left")
        self.tenders = _concat(self.tenders, new_tenders)
        self.bids = _concat(self.bids, new_bids)
        self.local = _concat(self.local, local)
        self.pairs = _concat(self.pairs, cobid_pairs(new_bids))
        # Fingerprints: only the values that occur in the new (or replaced) bids are re-examined.
        values = touched_values(
            new_bids if gone is None else pl.concat([new_bids, gone], how="diagonal_relaxed")
        )
        first = self.fp_rows is None
        fresh = shared_rows(self.bids, None if first else values)
        self.fp_rows = fresh if first else merge_rows(self.fp_rows, fresh, values)
        self._aggregate()
        new_bidders = new_bids["bh"].drop_nulls().unique()
        members = group_table(self.groups)
        touched_groups = members.filter(pl.col("bh").is_in(new_bidders.implode()))["gid"].unique()
        affected = set(new_ocids)
        if touched_groups.len():
            affected |= set(
                self.presence.filter(pl.col("gid").is_in(touched_groups.implode()))
                .join(self.tenders.select("t", "ocid"), on="t")["ocid"]
                .to_list()
            )
        return affected

    # ------------------------------------------------------------------ market level
    def _aggregate(self) -> None:
        cfg = self.config
        # Matches, per-tender weights and cross-section links come from the (small) cache of
        # shared-value rows; the NAT discount needs the market-wide firm count of each value.
        self.matches, fp_per_tender, self.links = fingerprint_matches(self.fp_rows, cfg)
        base = self.local.drop([c for c in ("fp_weight", "fp_kinds") if c in self.local.columns])
        frame = features(_screens_only(base), _facts_only(base), fp_per_tender, cfg)
        frame = frame.with_columns(s1=pl.Series(logistic(frame, cfg.stage1_weights, FEATURES)))
        fp_pairs = fingerprint_pairs(self.links, cfg)
        self.evidence = pair_evidence(self.pairs, frame, fp_pairs)
        self.groups = find_groups(self.evidence, cfg)
        self.group_info, self.presence = group_stats(self.groups, self.bids, frame, self.evidence, cfg)
        group_feature = (
            self.presence.join(self.group_info.select("gid", "score"), on="gid")
            .group_by("t")
            .agg(
                group=pl.col("score").max(),
                gid=pl.col("gid").sort_by("score").last(),
                present=pl.col("present").max(),
            )
        )
        frame = frame.join(group_feature, on="t", how="left").with_columns(pl.col("group").fill_null(0.0))
        stage2 = logistic(frame, cfg.tender_weights, STAGE2)
        frame = frame.with_columns(
            s2=pl.Series(stage2),
            score=pl.Series(np.maximum(stage2, cfg.local_cap * frame["s1"].to_numpy())),
        )
        self.scored = frame.sort("t")
        self.bidders = bidder_stats(self.bids, self.scored)


_FACT_COLUMNS = (
    "t", "ocid", "ceiling", "n_bids", "n_bidders", "n_disq", "n_invalid", "last_when", "n_at_last",
    "lowest_any_status", "lowest_any_bid", "winner", "winner_bid", "winner_amount", "winner_when", "period_days",
)  # fmt: skip


def _facts_only(local: pl.DataFrame) -> pl.DataFrame:
    return local.select([c for c in _FACT_COLUMNS if c in local.columns])


def _screens_only(local: pl.DataFrame) -> pl.DataFrame:
    keep = [c for c in local.columns if c not in _FACT_COLUMNS or c == "t"]
    return local.select(keep).with_columns(ocid=pl.lit(None, pl.String), ceiling=pl.lit(None, pl.Float64))


__all__ = ["Index", "FP_COLUMNS"]
