"""Evaluation on synthetic markets: tender AUC, precision@k, bidder AUC, group recovery.

Training seeds calibrate the logistic weights (``calibrate``); held-out seeds report.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import polars as pl

from .config import Config
from .reader import read_releases
from .result import Result, scan_tables
from .scoring import auc, fit_weights, precision_at_k
from .synth import generate
from .tender_features import FEATURES

TRAIN_SEEDS = (1, 2, 3)
HELD_OUT_SEEDS = (101, 102, 103)


def metrics(result: Result, key: dict) -> dict:
    tender_scores = {t["ocid"]: t["score"] for t in result.tenders}
    ocids = list(key["tenders"])
    y = np.array([key["tenders"][o] for o in ocids])
    s = np.array([tender_scores[o] for o in ocids])
    bidder_scores = {b["id"]: b["score"] for b in result.bidders}
    ids = list(key["bidders"])
    by = np.array([key["bidders"][i] for i in ids])
    bs = np.array([bidder_scores.get(i, 0.0) for i in ids])
    found = [set(g["members"]) for g in result.groups]
    jaccards = []
    for cartel in key["cartels"]:
        members = set(cartel["members"])
        jaccards.append(max((len(members & g) / len(members | g) for g in found), default=0.0))
    return {
        "tender_auc": auc(s, y),
        "precision_at_k": precision_at_k(s, y),
        "bidder_auc": auc(bs, by),
        "group_jaccard": float(np.mean(jaccards)) if jaccards else float("nan"),
        "groups_found": len(found),
        "cartels": len(jaccards),
        "tenders": len(ocids),
        "collusive_tenders": int(y.sum()),
    }


def evaluate(seeds=HELD_OUT_SEEDS, tenders: int = 3000, config: Config | None = None) -> dict:
    config = config or Config()
    per_seed = {}
    for seed in seeds:
        releases, key = generate(seed, tenders)
        per_seed[seed] = metrics(scan_tables(*read_releases(releases)[:2], config=config), key)
    keys = ("tender_auc", "precision_at_k", "bidder_auc", "group_jaccard")
    mean = {k: float(np.mean([m[k] for m in per_seed.values()])) for k in keys}
    return {"seeds": per_seed, "mean": mean}


def calibrate(seeds=TRAIN_SEEDS, tenders: int = 3000, config: Config | None = None) -> Config:
    """Fit stage-1 weights, then stage-2 weights (with the group feature) on training seeds."""
    config = config or Config()
    markets = [
        read_releases(generate(seed, tenders)[0])[:2] + (generate(seed, tenders)[1],) for seed in seeds
    ]
    for stage in (1, 2):
        frames, labels = [], []
        for tenders_df, bids_df, key in markets:
            frame = scan_tables(tenders_df, bids_df, config=config).index.scored
            frames.append(frame)
            labels.append(np.array([key["tenders"][o] for o in frame["ocid"]]))
        joined = pl.concat(frames, how="diagonal_relaxed")
        if stage == 1:
            config = replace(config, stage1_weights=fit_weights(joined, np.concatenate(labels), FEATURES))
        else:
            weights = fit_weights(joined, np.concatenate(labels), (*FEATURES, "group"))
            config = replace(config, tender_weights=weights)
    return config
