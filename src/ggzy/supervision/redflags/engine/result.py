"""Assemble the spec's output (tenders, bidders, groups) from an Index."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from .config import Config
from .flags import ROW_COLUMNS, _flag, _r, severity_of, tender_conditions, tender_flags
from .index import Index
from .market import group_table
from .messages import KIND_CODES, KIND_NAMES
from .reader import ReadStats


@dataclass
class Result:
    tenders: list[dict]
    bidders: list[dict]
    groups: list[dict]
    stats: ReadStats = field(default_factory=ReadStats)
    index: Index | None = None

    def to_dict(self, *, version: str, generated_at: str) -> dict:
        return {
            "engine": {"version": version, "generatedAt": generated_at},
            "input": {
                "lines": self.stats.lines,
                "releases": self.stats.releases,
                "bids": self.stats.bids,
                "skippedLines": self.stats.skipped_lines,
            },
            "tenders": self.tenders,
            "bidders": self.bidders,
            "groups": self.groups,
        }


def _clip01(value) -> float:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return 0.0
    return round(min(1.0, max(0.0, float(value))), 6)


def build_groups(index: Index) -> tuple[list[dict], dict[int, dict]]:
    cfg = index.config
    names = index.bidders.select("bh", "bidder")
    name_of = dict(zip(names["bh"].to_list(), names["bidder"].to_list(), strict=True))
    info = {row["gid"]: row for row in index.group_info.to_dicts()}
    sizes = index.scored["n_bidders"].fill_null(0).to_numpy().astype(float)
    slots = sizes.sum()
    pair_rate = float((sizes * (sizes - 1)).sum() / (slots * slots)) if slots else 0.0
    # co-bids of the member pairs against what their bid counts make likely (one join, all groups)
    members = group_table(index.groups)
    n_bids = index.bidders.select("bh", "n_bids")
    internal = (
        index.evidence.join(members.rename({"bh": "a"}), on="a")
        .join(members.rename({"bh": "b", "gid": "gid_b"}), on="b")
        .filter(pl.col("gid") == pl.col("gid_b"))
        .join(n_bids.rename({"bh": "a", "n_bids": "na"}), on="a")
        .join(n_bids.rename({"bh": "b", "n_bids": "nb"}), on="b")
        .group_by("gid")
        .agg(
            cobids=pl.col("n_co").max(),
            observed=pl.col("n_co").sum(),
            expected=(pl.col("na").cast(pl.Float64) * pl.col("nb") * pair_rate).sum(),
            llr=pl.col("llr").max(),
        )
    )
    by_gid = {row["gid"]: row for row in internal.to_dicts()}
    out: dict[int, dict] = {}
    for gid, members_h in enumerate(index.groups):
        row = info.get(gid)
        if row is None:
            continue
        members = sorted(name_of[m] for m in members_h)
        flags = []
        pairs = by_gid.get(gid, {"cobids": 0, "observed": 0, "expected": 0.0, "llr": 0.0})
        cobids = int(pairs["cobids"] or 0)
        lift = float(pairs["observed"] / max(pairs["expected"], 1e-9))
        if cobids >= cfg.min_cobids:
            flags.append(
                _flag(
                    "GGZY-COBID",
                    "low",
                    {
                        "maxPairCobids": cobids,
                        "lift": _r(lift, 2),
                        "pairLikelihoodRatio": _r(pairs["llr"], 2),
                    },
                    cobids=cobids,
                    lift=lift,
                )
            )
        winners = [name_of.get(w) for w in row["winners"]]
        distinct = sorted({w for w in winners if w})
        share = row["group_wins"] / row["n_tenders"] if row["n_tenders"] else 0.0
        if (
            len(distinct) >= 2
            and share >= 0.5
            and max(winners.count(w) for w in distinct) <= 0.7 * len(winners)
        ):
            flags.append(
                _flag(
                    "R057",
                    "high" if share >= 0.8 else "medium",
                    {
                        "winners": {w: winners.count(w) for w in distinct},
                        "groupTenders": row["n_tenders"],
                        "groupWins": row["group_wins"],
                    },
                    winners=len(distinct),
                    share=share,
                )
            )
        elif len(distinct) == 1 and row["group_wins"] >= cfg.min_cobids and share >= 0.8:
            flags.append(
                _flag(
                    "R053",
                    "medium",
                    {"winner": distinct[0], "cobids": row["n_tenders"], "wins": row["group_wins"]},
                    cobids=row["n_tenders"],
                    winner=distinct[0],
                )
            )
        kinds = row["fp_kinds"] or []
        if kinds:
            flags.append(
                _flag(
                    "GGZY-LINKED-FINGERPRINT",
                    "high" if row["fp_mean"] >= 2 else "medium",
                    {"kinds": [KIND_NAMES[k] for k in kinds], "meanPairWeight": _r(row["fp_mean"], 3)},
                    kinds="、".join(KIND_NAMES[k] for k in kinds),
                )
            )
        out[gid] = {"members": members, "score": _clip01(row["score"]), "ocids": row["ocids"], "flags": flags}
    groups = sorted(out.values(), key=lambda g: (-g["score"], g["members"]))
    return groups, out


def build_bidders(index: Index, groups_by_gid: dict[int, dict], all_ids: list[str]) -> list[dict]:
    cfg = index.config
    tender_score = index.scored.select("t", "score")
    mean_score = (
        index.bids.drop_nulls("bidder")
        .select("t", "bidder")
        .unique()
        .join(tender_score, on="t")
        .group_by("bidder")
        .agg(pl.col("score").mean())
    )
    mean_of = dict(zip(mean_score["bidder"].to_list(), mean_score["score"].to_list(), strict=True))
    member_of: dict[str, dict] = {}
    for group in groups_by_gid.values():
        for member in group["members"]:
            if member not in member_of or member_of[member]["score"] < group["score"]:
                member_of[member] = group
    stats = {r["bidder"]: r for r in index.bidders.to_dicts()}
    links: dict[str, list[dict]] = {}
    for link in index.links.filter(pl.col("weight") >= 1.0).to_dicts():
        for bidder in link["bidders"]:
            links.setdefault(bidder, []).append(link)
    out = []
    for bidder in all_ids:
        flags = []
        group = member_of.get(bidder)
        if group is not None:
            flags.append(
                _flag(
                    "GGZY-GROUP-MEMBER",
                    severity_of(group["score"], cfg),
                    {
                        "groupMembers": group["members"],
                        "groupScore": group["score"],
                        "ocids": group["ocids"][:50],
                    },
                    size=len(group["members"]),
                    tenders=len(group["ocids"]),
                )
            )
        row = stats.get(bidder)
        if (
            row
            and row["n_bids"] >= cfg.loser_min_bids
            and row["wins"] == 0
            and row["p_no_win"] <= cfg.loser_max_p
        ):
            flags.append(
                _flag(
                    "R025",
                    "medium",
                    {
                        "bids": row["n_bids"],
                        "wins": 0,
                        "chanceOfNoWin": _r(row["p_no_win"]),
                        "threshold": cfg.loser_max_p,
                    },
                    bids=row["n_bids"],
                    p=row["p_no_win"],
                )
            )
        for link in links.get(bidder, [])[:20]:
            others = [b for b in link["bidders"] if b != bidder]
            flags.append(
                _flag(
                    KIND_CODES[link["column"]],
                    "high" if link["weight"] >= 2 else "medium",
                    {
                        "kind": KIND_NAMES[link["column"]],
                        "value": link["value"],
                        "sharedWith": others[:20],
                        "tenders": link["n_tenders"],
                        "scope": "跨标段",
                    },
                    value=link["value"],
                )
            )
        own = 0.5 * float(mean_of.get(bidder) or 0.0)
        score = max(group["score"] if group else 0.0, own)
        out.append({"id": bidder, "score": _clip01(score), "flags": flags})
    return out


def build_tenders(index: Index, groups_by_gid: dict[int, dict], only: set[str] | None = None) -> list[dict]:
    cfg = index.config
    frame = tender_conditions(index.scored, cfg)
    if only is not None:
        frame = frame.filter(pl.col("ocid").is_in(list(only)))
    flag_cols = [c for c in frame.columns if c.startswith("f_")]
    flagged = frame.filter(
        pl.any_horizontal(flag_cols) | pl.col("t").is_in(index.matches["t"].unique().implode())
    )
    flagged = flagged.select(*ROW_COLUMNS, *flag_cols)
    ts = flagged["t"]
    needs = flagged.filter("needs_bids")["t"]
    bids = (
        index.bids.filter(pl.col("t").is_in(needs.implode()) & pl.col("valid"))
        .select("t", "bid_id", "bidder", "amount", "suspect")
        .sort("t", "amount")
        .group_by("t", maintain_order=True)
        .agg(pl.struct("bid_id", "bidder", "amount", "suspect").alias("bids"))
    )
    bids_of = dict(zip(bids["t"].to_list(), bids["bids"].to_list(), strict=True))
    matches: dict[int, list[dict]] = {}
    for match in index.matches.filter(pl.col("t").is_in(ts.implode())).to_dicts():
        matches.setdefault(match["t"], []).append(match)
    flags_of: dict[int, list[dict]] = {}
    for row in flagged.to_dicts():
        group = None
        if row["f_GROUP"] and row["gid"] in groups_by_gid:
            g = groups_by_gid[row["gid"]]
            group = {"members": g["members"], "score": g["score"], "present": row["present"]}
        flags_of[row["t"]] = tender_flags(
            row, bids_of.get(row["t"], []), matches.get(row["t"], []), group, cfg
        )
    scores = np.clip(np.nan_to_num(frame["score"].to_numpy()), 0.0, 1.0).round(6)
    return [
        {"ocid": ocid, "score": float(score), "flags": flags_of.get(t, [])}
        for t, ocid, score in zip(frame["t"].to_list(), frame["ocid"].to_list(), scores.tolist(), strict=True)
    ]


def all_tenderer_ids(bids: pl.DataFrame) -> list[str]:
    return (
        bids.select(pl.col("tenderers").list.eval(pl.element().struct.field("id")))
        .explode("tenderers")
        .drop_nulls()
        .unique(maintain_order=True)["tenderers"]
        .to_list()
    )


def result_from_index(index: Index, stats: ReadStats | None = None, only: set[str] | None = None) -> Result:
    groups, by_gid = build_groups(index)
    ids = all_tenderer_ids(index.bids)
    if only is not None:
        touched = set(all_tenderer_ids(index.bids.filter(pl.col("ocid").is_in(list(only)))))
        ids = [i for i in ids if i in touched]
        groups = [g for g in groups if set(g["ocids"]) & only or set(g["members"]) & touched]
    return Result(
        tenders=build_tenders(index, by_gid, only),
        bidders=build_bidders(index, by_gid, ids),
        groups=groups,
        stats=stats or ReadStats(),
        index=index,
    )


def scan_tables(
    tenders: pl.DataFrame, bids: pl.DataFrame, *, config: Config | None = None, stats: ReadStats | None = None
) -> Result:
    index = Index(config)
    index.update(tenders, bids)
    return result_from_index(index, stats)
