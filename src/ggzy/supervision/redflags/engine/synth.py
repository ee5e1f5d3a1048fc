"""Synthetic procurement market with planted bid-rigging cartels and an answer key.

Cartel styles: cover bidding (one designated winner) and rotation (members win in turn);
complete cartels (only members bid) and incomplete ones (honest outsiders bid too);
cover prices in regular steps, in a tight cluster, or loose; fingerprints leaked in a
share of rigged tenders that varies per cartel (0 to 60%).
Honest look-alikes: firms of one industrial park behind a shared NAT IP, tenders with
naturally close prices (standard goods), honest bids hugging the ceiling, and regional
specialists who meet all the time.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

REGIONS = 8
CATEGORIES = 6
KINDS = (
    "macAddress",
    "hardwareId",
    "fileCreatorId",
    "depositAccount",
    "documentHash",
    "contactPhone",
    "ipAddress",
)
CATEGORY_NAMES = ("works", "goods", "services", "works", "goods", "services")
BIDDER_COUNTS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12)
BIDDER_WEIGHTS = (3, 5, 9, 11, 12, 12, 12, 11, 9, 8, 8)


@dataclass
class Cartel:
    members: list[str]
    cell: int
    style: str  # cover | rotation
    complete: bool
    pattern: str  # steps | cluster | loose
    leak: float
    hug: bool
    ocids: list[str] = field(default_factory=list)


@dataclass
class Firm:
    id: str
    cell: int
    efficiency: float
    fingerprint: dict[str, str]
    cartel: int | None = None


class Market:
    def __init__(self, seed: int, tenders: int):
        self.rng = random.Random(seed)
        self.seed = seed
        self.n_tenders = tenders
        rng = self.rng
        n_firms = max(150, int(tenders * 0.15))
        self.firms: list[Firm] = []
        for index in range(n_firms):
            firm_id = f"91310{seed % 100:02d}{index:010d}X"
            cell = rng.randrange(REGIONS * CATEGORIES)
            self.firms.append(
                Firm(
                    id=firm_id,
                    cell=cell,
                    efficiency=rng.gauss(0, 0.015),
                    fingerprint={
                        "ipAddress": f"10.{seed % 200}.{index // 250}.{index % 250}",
                        "macAddress": f"02:{seed % 256:02x}:{index >> 16 & 255:02x}:{index >> 8 & 255:02x}:{index & 255:02x}:01",
                        "hardwareId": f"hw-{seed}-{index:08d}",
                        "fileCreatorId": f"tool-{seed}-{index:08d}",
                        "depositAccount": f"6222{seed % 1000:03d}{index:010d}",
                        "contactPhone": f"139{seed % 100:02d}{index:06d}",
                    },
                )
            )
        # Industrial parks: honest firms of one region behind one NAT address.
        by_region: dict[int, list[Firm]] = {}
        for firm in self.firms:
            by_region.setdefault(firm.cell // CATEGORIES, []).append(firm)
        park = 0
        for firms in by_region.values():
            pool = [f for f in firms if rng.random() < 0.3]
            while len(pool) >= 5:
                size = rng.randint(5, 15)
                for firm in pool[:size]:
                    firm.fingerprint["ipAddress"] = f"58.{seed % 200}.{park // 250}.{park % 250}"
                pool = pool[size:]
                park += 1
        self.by_cell: dict[int, list[int]] = {}
        self.by_category: dict[int, list[int]] = {}
        for index, firm in enumerate(self.firms):
            self.by_cell.setdefault(firm.cell, []).append(index)
            self.by_category.setdefault(firm.cell % CATEGORIES, []).append(index)
        self.cartels: list[Cartel] = []
        n_cartels = max(4, tenders // 300)
        for number in range(n_cartels):
            roomy = [c for c, f in self.by_cell.items() if len(f) >= 8]
            cell = rng.choice(roomy or sorted(self.by_cell, key=lambda c: -len(self.by_cell[c]))[:5])
            free = [i for i in self.by_cell[cell] if self.firms[i].cartel is None]
            if len(free) < 3:
                continue
            size = min(len(free), rng.randint(3, 6))
            chosen = rng.sample(free, size)
            for i in chosen:
                self.firms[i].cartel = number
            self.cartels.append(
                Cartel(
                    members=[self.firms[i].id for i in chosen],
                    cell=cell,
                    style=rng.choice(("cover", "rotation")),
                    complete=rng.random() < 0.4,
                    pattern=rng.choice(("steps", "cluster", "cluster", "loose")),
                    leak=rng.choice((0.0, 0.1, 0.3, 0.6)),
                    hug=rng.random() < 0.4,
                )
            )
        self.index_of = {f.id: i for i, f in enumerate(self.firms)}
        n_rigged = int(tenders * 0.1)
        rigged = rng.sample(range(tenders), n_rigged) if self.cartels else []
        self.rigged_by = {t: rng.randrange(len(self.cartels)) for t in rigged}
        self.turn = [0] * len(self.cartels)

    # ------------------------------------------------------------------ tenders
    def _honest_bidders(self, cell: int, count: int, exclude: set[int]) -> list[int]:
        rng = self.rng
        local, wide = self.by_cell[cell], self.by_category[cell % CATEGORIES]
        chosen: list[int] = []
        seen_cartels: set[int] = set()
        for _ in range(count * 4):
            if len(chosen) >= count:
                break
            pool = local if rng.random() < 0.7 else wide
            pick = pool[rng.randrange(len(pool))]
            cartel = self.firms[pick].cartel
            if pick in exclude or pick in chosen or (cartel is not None and cartel in seen_cartels):
                continue
            if cartel is not None:
                seen_cartels.add(cartel)
            chosen.append(pick)
        return chosen

    def _bid(self, ocid, n, firm: Firm, amount, status, when, fingerprint) -> dict:
        rng = self.rng
        submission = {k: v for k, v in fingerprint.items() if rng.random() < 0.85}
        submission["documentHash"] = fingerprint.get("documentHash") or f"{rng.getrandbits(128):032x}"
        return {
            "id": f"{ocid}-bid-{n}",
            "date": when.isoformat(),
            "status": status,
            "tenderers": [{"id": firm.id, "name": f"企业{firm.id[-6:]}"}],
            "value": {"amount": round(amount, 2), "currency": "CNY"},
            "submission": submission,
        }

    def tender(self, number: int) -> tuple[dict, int]:
        rng = self.rng
        ocid = f"ocds-ggzy-sim{self.seed}-{number:07d}"
        cartel_no = self.rigged_by.get(number)
        cartel = self.cartels[cartel_no] if cartel_no is not None else None
        cell = cartel.cell if cartel else rng.randrange(REGIONS * CATEGORIES)
        while not self.by_cell.get(cell):
            cell = rng.randrange(REGIONS * CATEGORIES)
        ceiling = round(2_000_000 * 2.718 ** rng.gauss(0, 1.0), -2)
        cost = ceiling * rng.uniform(0.80, 0.92)
        markup = rng.uniform(0.03, 0.08)
        close = rng.random() < 0.1  # standard goods: naturally close honest prices
        sigma = 0.004 if close else rng.uniform(0.02, 0.05)
        start = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(
            days=rng.randrange(700), hours=rng.randrange(9, 17)
        )
        days = rng.choice((10, 15)) if rng.random() < 0.05 else 20 + int(rng.expovariate(1 / 8))
        end = start + timedelta(days=days)
        offers: list[tuple[Firm, float, str, dict]] = []

        def honest(index: int) -> None:
            firm = self.firms[index]
            amount = cost * (1 + markup + firm.efficiency * (0.3 if close else 1.0) + rng.gauss(0, sigma))
            amount = min(amount, ceiling * rng.uniform(0.99, 1.0))
            status = "disqualified" if rng.random() < 0.04 else "valid"
            offers.append((firm, amount, status, dict(firm.fingerprint)))

        if cartel is None:
            count = rng.choices(BIDDER_COUNTS, BIDDER_WEIGHTS)[0]
            for index in self._honest_bidders(cell, count, set()):
                honest(index)
        else:
            cartel.ocids.append(ocid)
            members = list(cartel.members)
            low = len(members) if cartel.complete else max(2, len(members) - 2)
            present = rng.sample(members, rng.randint(min(low, len(members)), len(members)))
            if cartel.style == "rotation":
                leader = cartel.members[self.turn[cartel_no] % len(cartel.members)]
                self.turn[cartel_no] += 1
                if leader not in present:
                    present[0] = leader
            else:
                leader = cartel.members[0] if rng.random() < 0.7 else rng.choice(present)
                if leader not in present:
                    present[0] = leader
            if cartel.hug:
                win = ceiling * rng.uniform(0.955, 0.995)
            else:
                win = min(cost * (1 + rng.uniform(0.10, 0.18)), ceiling * 0.99)
            step = win * rng.uniform(0.003, 0.015)
            covers = [m for m in present if m != leader]
            rng.shuffle(covers)
            leader_firm = self.firms[self.index_of[leader]]
            leader_doc = f"{rng.getrandbits(128):032x}"
            offers.append(
                (leader_firm, win, "valid", {**leader_firm.fingerprint, "documentHash": leader_doc})
            )
            leaking = rng.random() < cartel.leak
            for rank, member in enumerate(covers, start=1):
                if cartel.pattern == "steps":
                    amount = win + step * rank
                elif cartel.pattern == "cluster":
                    amount = win * (1 + rng.uniform(0.002, 0.02))
                else:
                    amount = win * (1 + rng.uniform(0.01, 0.08))
                if amount > ceiling:  # covers stay under the ceiling, or they would be rejected
                    amount = ceiling * rng.uniform(0.996, 1.0)
                firm = self.firms[self.index_of[member]]
                status = "valid"
                if rng.random() < 0.08:
                    status = rng.choice(("disqualified", "withdrawn"))
                fingerprint = dict(firm.fingerprint)
                if leaking and (rank == 1 or rng.random() < 0.5):
                    for kind in rng.sample(KINDS, rng.randint(1, 3)):
                        source = {**leader_firm.fingerprint, "documentHash": leader_doc}
                        fingerprint[kind] = source[kind]
                offers.append((firm, amount, status, fingerprint))
            if not cartel.complete:
                exclude = {self.index_of[m] for m in members}
                for index in self._honest_bidders(cell, rng.randint(1, 4), exclude):
                    honest(index)
        rng.shuffle(offers)
        bids = []
        for n, (firm, amount, status, fingerprint) in enumerate(offers, start=1):
            when = start + timedelta(minutes=rng.randrange(max(1, days * 1440 - 60)))
            bids.append(self._bid(ocid, n, firm, amount, status, when, fingerprint))
        valid = [b for b in bids if b["status"] == "valid"]
        release = {
            "ocid": ocid,
            "id": f"{ocid}-award",
            "date": end.isoformat(),
            "tag": ["award"],
            "initiationType": "tender",
            "buyer": {"id": f"12310000{cell:010d}", "name": f"采购人{cell}"},
            "tender": {
                "id": ocid,
                "title": f"模拟标段 {number}",
                "procurementMethod": "open",
                "mainProcurementCategory": CATEGORY_NAMES[cell % CATEGORIES],
                "value": {"amount": ceiling, "currency": "CNY"},
                "tenderPeriod": {"startDate": start.isoformat(), "endDate": end.isoformat()},
                "numberOfTenderers": len(bids),
            },
            "bids": {"details": bids},
        }
        if valid:
            best = min(valid, key=lambda b: b["value"]["amount"])
            release["awards"] = [
                {
                    "id": f"{ocid}-a1",
                    "status": "active",
                    "suppliers": best["tenderers"],
                    "value": best["value"],
                }
            ]
        return release, int(cartel is not None)

    def releases(self, labels: dict[str, int]) -> Iterator[dict]:
        for number in range(self.n_tenders):
            release, label = self.tender(number)
            labels[release["ocid"]] = label
            yield release

    def answer_key(self, labels: dict[str, int], bidders: set[str]) -> dict:
        in_cartel = {m for c in self.cartels for m in c.members}
        return {
            "seed": self.seed,
            "tenders": labels,
            "bidders": {b: int(b in in_cartel) for b in sorted(bidders)},
            "cartels": [
                {
                    "members": sorted(c.members),
                    "style": c.style,
                    "complete": c.complete,
                    "pattern": c.pattern,
                    "leak": c.leak,
                    "hug": c.hug,
                    "ocids": c.ocids,
                }
                for c in self.cartels
                if c.ocids
            ],
        }


def generate(seed: int, tenders: int) -> tuple[list[dict], dict]:
    """In-memory market: (releases, answer key)."""
    market = Market(seed, tenders)
    labels: dict[str, int] = {}
    releases = list(market.releases(labels))
    bidders = {t["id"] for r in releases for b in r["bids"]["details"] for t in b["tenderers"]}
    return releases, market.answer_key(labels, bidders)


def write(seed: int, tenders: int, out: str | Path) -> tuple[Path, Path, int]:
    """Write FILE.jsonl and FILE.key.json; returns (data path, key path, number of bids)."""
    out = Path(out)
    market = Market(seed, tenders)
    labels: dict[str, int] = {}
    bidders: set[str] = set()
    n_bids = 0
    with out.open("w", encoding="utf-8") as handle:
        for release in market.releases(labels):
            for bid in release["bids"]["details"]:
                bidders.add(bid["tenderers"][0]["id"])
            n_bids += len(release["bids"]["details"])
            handle.write(json.dumps(release, ensure_ascii=False, separators=(",", ":")))
            handle.write("\n")
    key_path = out.with_suffix(".key.json")
    key_path.write_text(json.dumps(market.answer_key(labels, bidders), ensure_ascii=False), encoding="utf-8")
    return out, key_path, n_bids
