"""Scores: a logistic combination of interpretable features, and its calibration.

score = 1 / (1 + exp(-(bias + sum_i w_i * x_i))). The weights are non-negative (more
evidence never lowers a score) and were fitted by L2-penalised logistic regression on
training seeds of the synthetic market; they live in config.TENDER_WEIGHTS so that a
regulator can read and change them.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from .tender_features import FEATURES

STAGE2 = (*FEATURES, "group")


def logistic(frame: pl.DataFrame, weights: dict[str, float], names=STAGE2) -> np.ndarray:
    z = np.full(frame.height, weights.get("bias", 0.0))
    for name in names:
        if name in frame.columns and weights.get(name):
            z += weights[name] * frame[name].fill_null(0.0).to_numpy()
    return 1.0 / (1.0 + np.exp(-z))


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0, iterations: int = 50) -> np.ndarray:
    """Newton-Raphson logistic regression, non-negative weights (projected), intercept first."""
    design = np.column_stack([np.ones(len(x)), x])
    beta = np.zeros(design.shape[1])
    penalty = np.full(design.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-design @ beta))
        gradient = design.T @ (y - p) - penalty * beta
        hessian = (design * (p * (1 - p))[:, None]).T @ design + np.diag(penalty + 1e-9)
        beta = beta + np.linalg.solve(hessian, gradient)
        beta[1:] = np.maximum(beta[1:], 0.0)
    return beta


def fit_weights(frame: pl.DataFrame, labels: np.ndarray, names) -> dict[str, float]:
    x = np.column_stack([frame[n].fill_null(0.0).to_numpy() for n in names])
    beta = fit_logistic(x, labels.astype(float))
    return {
        "bias": round(float(beta[0]), 3),
        **{n: round(float(b), 3) for n, b in zip(names, beta[1:], strict=True)},
    }


def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """Area under the ROC curve (Mann-Whitney, ties count half)."""
    labels = np.asarray(labels).astype(bool)
    pos, neg = labels.sum(), (~labels).sum()
    if pos == 0 or neg == 0:
        return float("nan")
    ranks = pl.Series(scores).rank("average").to_numpy()
    return float((ranks[labels].sum() - pos * (pos + 1) / 2) / (pos * neg))


def precision_at_k(scores: np.ndarray, labels: np.ndarray) -> float:
    labels = np.asarray(labels).astype(bool)
    k = int(labels.sum())
    if k == 0:
        return float("nan")
    top = np.argsort(-scores, kind="stable")[:k]
    return float(labels[top].mean())
