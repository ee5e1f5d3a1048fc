#!/usr/bin/env python3
"""Independent verifier for a published expert draw (spec: expert-draw.md). Python stdlib only.

Usage:
    python3 experts-verify.py draw.json [--beacon HEX]
    curl -s https://<platform>/api/v1/draws/DRAW_ID > draw.json && python3 experts-verify.py draw.json

Checks: commitment = sha256(secret); seed = HMAC-SHA256(secret, ASCII(beacon)); every line's eligible
list is sorted and unique, its poolDigest matches, no expert accepted by an earlier line is eligible
again, and the invited experts follow the seeded partial Fisher–Yates order. With --beacon, also that the
document's beacon is the audit seal root you looked up yourself (GET /api/v1/audit/... on the portal).
Exit status 0 only when everything matches.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import sys


def shuffle_prefix(eligible: list[str], seed: bytes, label: str, count: int) -> list[str]:
    a = list(eligible)
    out = []
    for i in range(min(count, len(a))):
        msg = (label + "\x00" + str(i)).encode("utf-8")
        u = int.from_bytes(hmac.new(seed, msg, hashlib.sha256).digest(), "big")
        j = i + u % (len(a) - i)
        a[i], a[j] = a[j], a[i]
        out.append(a[i])
    return out


def verify(doc: dict, beacon: str | None = None) -> list[str]:
    problems = []
    secret = bytes.fromhex(doc["secret"])
    if hashlib.sha256(secret).hexdigest() != doc["commitment"]:
        problems.append("commitment is not sha256(secret)")
    if beacon is not None and beacon.lower() != doc["beacon"]:
        problems.append("beacon differs from the audit seal root")
    seed = hmac.new(secret, doc["beacon"].encode("ascii"), hashlib.sha256).digest()
    accepted_before: set[str] = set()
    for line in doc["lines"]:
        label, eligible, invited = line["label"], line["eligible"], line["invited"]
        if eligible != sorted(set(eligible)):
            problems.append(f"[{label}] eligible list not sorted by code point or has duplicates")
        if hashlib.sha256("\n".join(eligible).encode("utf-8")).hexdigest() != line["poolDigest"]:
            problems.append(f"[{label}] poolDigest mismatch")
        if accepted_before & set(eligible):
            problems.append(f"[{label}] eligible contains experts accepted by an earlier line")
        expected = shuffle_prefix(eligible, seed, label, len(invited))
        actual = [x["expertCode"] for x in invited]
        if actual != expected:
            problems.append(f"[{label}] invitation order differs: expected {expected}, published {actual}")
        accepted = [x["expertCode"] for x in invited if x["outcome"] == "accepted"]
        if len(accepted) > line["count"]:
            problems.append(f"[{label}] more experts accepted than requested")
        if len(accepted) < line["count"] and len(invited) < len(eligible):
            problems.append(f"[{label}] drawing stopped before the requested count")
        accepted_before |= set(accepted)
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--beacon", help="the audit seal root (hex) you looked up independently")
    args = parser.parse_args(argv)
    with open(args.file, encoding="utf-8") as fh:
        doc = json.load(fh)
    try:
        problems = verify(doc, args.beacon)
    except (KeyError, TypeError, ValueError) as exc:
        print(f"FAIL: malformed draw document ({exc!r})")
        return 2
    for p in problems:
        print("FAIL:", p)
    if problems:
        return 1
    print(f"OK: draw {doc['drawId']} verified ({sum(len(x['invited']) for x in doc['lines'])} invitations)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
