"""Flag records (code, severity, Chinese message, evidence) for tenders, bidders and groups.

Conditions are evaluated as vectorised boolean columns; Python only touches tenders that
carry at least one flag, to build their evidence dictionaries.
"""

from __future__ import annotations

import math

import polars as pl

from .config import Config
from .messages import KIND_CODES, KIND_NAMES, message


def _flag(code: str, severity: str, evidence: dict, **values) -> dict:
    return {"code": code, "severity": severity, "message": message(code, **values), "evidence": evidence}


def _r(value, digits: int = 6):
    """Rounded number for evidence; None for missing, NaN or infinite (JSON has no NaN)."""
    if value is None or not math.isfinite(float(value)):
        return None
    return round(float(value), digits)


def tender_conditions(frame: pl.DataFrame, cfg: Config) -> pl.DataFrame:
    n3 = pl.col("n_valid") >= 3
    return frame.with_columns(
        f_R018=pl.col("n_bids") == 1,
        f_R003=(pl.col("period_days") < cfg.min_period_days).fill_null(False),
        f_R024=((pl.col("n_valid") >= 2) & (pl.col("pct_diff") <= cfg.close_to_winner)).fill_null(False),
        f_R028=(pl.col("identical").fill_null(0) >= 1),
        f_R030=(
            (pl.col("n_bids") >= 3)
            & (pl.col("winner_when") == pl.col("last_when"))
            & (pl.col("n_at_last") == 1)
        ).fill_null(False),
        f_R035=(
            (pl.col("n_bids") >= 2)
            & (pl.col("n_invalid") == pl.col("n_bids") - 1)
            & pl.col("winner").is_not_null()
        ).fill_null(False),
        f_R036=(pl.col("lowest_any_status") == "disqualified").fill_null(False),
        f_R038=(
            (pl.col("n_bids") >= 3) & (pl.col("n_disq") / pl.col("n_bids") >= cfg.disqualified_share)
        ).fill_null(False),
        f_R058=(
            (pl.col("n_valid") >= 3) & (pl.col("b1") < cfg.heavy_discount * pl.col("median_rest"))
        ).fill_null(False),
        f_LOWCV=(n3 & (pl.col("cv") < cfg.low_cv)).fill_null(False),
        f_SUBCV=(
            (pl.col("n_valid") >= 4) & (pl.col("sub_cv3") < cfg.sub_cv) & (pl.col("cv") >= cfg.low_cv)
        ).fill_null(False),
        f_STEPS=(pl.col("step_run").fill_null(0) >= cfg.step_min_bids),
        f_HUG=(pl.col("hug_ratio") >= cfg.ceiling_hug).fill_null(False),
        f_COVER=pl.col("cover_flag").fill_null(False),
        f_GROUP=pl.col("group").fill_null(0.0) > 0,
    ).with_columns(
        needs_bids=pl.col("f_LOWCV")
        | pl.col("f_SUBCV")
        | pl.col("f_STEPS")
        | pl.col("f_COVER")
        | pl.col("f_R028"),
    )


# Columns tender_flags reads (kept small: turning rows into dicts is the costly part).
ROW_COLUMNS = (
    "t", "n_bids", "n_valid", "period_days", "b1", "b2", "pct_diff", "identical", "winner", "winner_bid",
    "winner_when", "winner_amount", "n_invalid", "n_disq", "lowest_any_bid", "median_rest", "cv", "sub_cv3",
    "step_run", "step_size", "ceiling", "hug_ratio", "losing_cv", "rd", "gid", "present", "needs_bids",
    "spread", "skew", "kurtosis",
)  # fmt: skip


def severity_of(score: float, cfg: Config) -> str:
    return "high" if score >= cfg.high else "medium" if score >= cfg.medium else "low"


def tender_flags(
    row: dict, bids: list[dict], matches: list[dict], group: dict | None, cfg: Config
) -> list[dict]:
    flags: list[dict] = []
    if row["f_R018"]:
        flags.append(_flag("R018", "medium", {"bids": row["n_bids"]}))
    if row["f_R003"]:
        flags.append(
            _flag(
                "R003",
                "medium",
                {"periodDays": _r(row["period_days"], 2), "threshold": cfg.min_period_days},
                days=row["period_days"],
            )
        )
    if row["f_R024"]:
        flags.append(
            _flag(
                "R024",
                "low",
                {
                    "lowest": row["b1"],
                    "second": row["b2"],
                    "percentDifference": _r(row["pct_diff"]),
                    "threshold": cfg.close_to_winner,
                },
                pct=row["pct_diff"],
            )
        )
    if row["f_R028"]:
        amounts = [b["amount"] for b in bids]
        same = [b["bid_id"] for b in bids if amounts.count(b["amount"]) > 1]
        flags.append(
            _flag(
                "R028", "high", {"bidIds": same, "identicalPairs": row["identical"]}, count=row["identical"]
            )
        )
    if row["f_R030"]:
        flags.append(
            _flag("R030", "low", {"winningBid": row["winner_bid"], "submitted": str(row["winner_when"])})
        )
    if row["f_R035"]:
        flags.append(
            _flag(
                "R035",
                "medium",
                {"bids": row["n_bids"], "rejectedOrWithdrawn": row["n_invalid"], "winner": row["winner"]},
            )
        )
    if row["f_R036"]:
        flags.append(_flag("R036", "low", {"lowestBid": row["lowest_any_bid"]}))
    if row["f_R038"]:
        share = row["n_disq"] / row["n_bids"]
        flags.append(
            _flag(
                "R038",
                "medium",
                {"disqualified": row["n_disq"], "bids": row["n_bids"], "threshold": cfg.disqualified_share},
                share=share,
            )
        )
    if row["f_R058"]:
        ratio = row["b1"] / row["median_rest"]
        flags.append(
            _flag(
                "R058",
                "low",
                {"lowest": row["b1"], "medianOfOthers": row["median_rest"], "threshold": cfg.heavy_discount},
                ratio=ratio,
            )
        )
    price_evidence = {
        "screens": {
            "cv": _r(row["cv"]),
            "spread": _r(row["spread"]),
            "percentDifference": _r(row["pct_diff"]),
            "relativeDistance": _r(row["rd"]),
            "skewness": _r(row["skew"]),
            "kurtosis": _r(row["kurtosis"]),
        },
        "bids": [{"id": b["bid_id"], "tenderer": b["bidder"], "amount": b["amount"]} for b in bids],
    }
    if row["f_LOWCV"]:
        flags.append(
            _flag(
                "GGZY-LOW-CV",
                "medium",
                {"cv": _r(row["cv"]), "threshold": cfg.low_cv, **price_evidence},
                cv=row["cv"],
                threshold=cfg.low_cv,
            )
        )
    if row["f_SUBCV"]:
        members = [b["bid_id"] for b in bids if b["suspect"]]
        flags.append(
            _flag(
                "GGZY-SUBGROUP-CV",
                "low",
                {"subgroupCv": _r(row["sub_cv3"]), "threshold": cfg.sub_cv, "bidIds": members},
                size=len(members),
                cv=row["sub_cv3"],
            )
        )
    if row["f_STEPS"]:
        flags.append(
            _flag(
                "GGZY-REGULAR-STEPS",
                "high",
                {
                    "bidsInProgression": row["step_run"],
                    "step": _r(row["step_size"], 2),
                    "tolerance": cfg.step_tolerance,
                    **price_evidence,
                },
                count=row["step_run"],
                step=row["step_size"] or 0.0,
            )
        )
    if row["f_HUG"]:
        flags.append(
            _flag(
                "GGZY-CEILING-HUG",
                "low",
                {
                    "winningAmount": row["winner_amount"],
                    "ceiling": row["ceiling"],
                    "ratio": _r(row["hug_ratio"]),
                    "threshold": cfg.ceiling_hug,
                },
                ratio=row["hug_ratio"],
            )
        )
    if row["f_COVER"]:
        flags.append(
            _flag(
                "GGZY-COVER-CLUSTER",
                "medium",
                {
                    "losingCv": _r(row["losing_cv"]),
                    "relativeDistance": _r(row["rd"]),
                    "cvThreshold": cfg.cover_cv,
                    "maxGapAboveWinner": cfg.cover_gap,
                    **price_evidence,
                },
                cv=row["losing_cv"],
                rd=row["rd"] or 0.0,
            )
        )
    for match in matches:
        weight = match["weight"]
        severity = "high" if weight >= 2.0 else "medium" if weight >= 1.0 else "low"
        evidence = {
            "kind": KIND_NAMES[match["column"]],
            "value": match["value"],
            "tenderers": match["bidders"],
            "bidIds": match["bid_ids"],
            "firmsUsingValueInData": match["firms_on_value"],
            "weight": _r(weight, 3),
        }
        if match["column"] == "fp_ip" and match["firms_on_value"] >= cfg.nat_firms:
            evidence["note"] = "该 IP 被多家企业共用,疑为园区或写字楼出口地址(NAT),单独不足以认定"
        flags.append(_flag(KIND_CODES[match["column"]], severity, evidence, value=match["value"]))
    if group is not None:
        flags.append(
            _flag(
                "GGZY-GROUP",
                severity_of(group["score"], cfg),
                {
                    "groupMembers": group["members"],
                    "groupScore": _r(group["score"], 4),
                    "presentInTender": group["present"],
                },
                count=group["present"],
                members="、".join(group["members"][:6]),
            )
        )
    return flags
