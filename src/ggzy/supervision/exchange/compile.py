"""OCDS merge: releases of one contracting process → its compiled release.

The OCDS merge routine (standard 1.1 "merging"), simplified to what our data uses:
releases are applied oldest first; objects merge field by field; arrays of objects that all
carry ``id`` merge item by item on ``id`` (identifier merge); any other array, and every scalar,
is replaced by the newer value; an explicit ``null`` removes the field. The compiled release gets
``tag: ["compiled"]``, ``id: "<ocid>-<date>"`` and the newest release's ``date``.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

OMITTED_TOP_LEVEL = {"id", "date", "tag"}


def _is_identified_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(i, dict) and "id" in i for i in value)


def _merge(target: Any, new: Any) -> Any:
    if isinstance(new, dict):
        base = target if isinstance(target, dict) else {}
        result = dict(base)
        for key, value in new.items():
            if value is None:
                result.pop(key, None)
            else:
                result[key] = _merge(base.get(key), value)
        return result
    if _is_identified_list(new) and (target is None or _is_identified_list(target)):
        merged: dict[Any, Any] = {str(item["id"]): item for item in (target or [])}
        for item in new:
            key = str(item["id"])
            merged[key] = _merge(merged.get(key), item)
        return list(merged.values())
    return copy.deepcopy(new)


def compile_releases(releases: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Compiled release of releases that share one ``ocid`` (any order; sorted by ``date``, then ``id``)."""
    ordered = sorted(releases, key=lambda r: (str(r.get("date", "")), str(r.get("id", ""))))
    if not ordered:
        raise ValueError("no releases to compile")
    compiled: dict[str, Any] = {}
    for release in ordered:
        body = {k: v for k, v in release.items() if k not in OMITTED_TOP_LEVEL}
        compiled = _merge(compiled, body)
    latest = ordered[-1]
    compiled["id"] = f"{latest['ocid']}-{latest['date']}"
    compiled["date"] = latest["date"]
    compiled["tag"] = ["compiled"]
    return compiled
