"""Market-structure flags over many tenders: groups, rotation, recurrent winner, persistent losers."""

from __future__ import annotations

import pytest

from ggzy.supervision.redflags.engine import Index, scan_releases

from .builders import bid, firm, honest_prices, release


def _honest_market(count: int = 30, first_firm: int = 40) -> list[dict]:
    out = []
    for i in range(count):
        prices = honest_prices(seed=1000 + i, n=5, spread=0.08)
        out.append(release(f"h-{i}", [bid(first_firm + (3 * i + k) % 15, p) for k, p in enumerate(prices)]))
    return out


def _cartel_tender(
    i: int, members: list[int], winner: int, base: float = 900_000.0, leak: bool = False
) -> dict:
    """Winner bids base, the covers sit 0.3-0.9 % above it; two honest outsiders bid lower elsewhere."""
    bids = [bid(winner, base)]
    covers = [m for m in members if m != winner]
    for rank, member in enumerate(covers, start=1):
        extra = {"hardwareId": f"hw-{winner}"} if leak and rank == 1 else {}
        bids.append(bid(member, round(base * (1 + 0.003 * rank + 0.0007 * (i % 3)), 2), **extra))
    bids.append(bid(60 + i % 5, round(base * (1.06 + 0.01 * (i % 4)), 2)))
    return release(f"c-{i}", bids, winner=winner)


def _by(items, key):
    return {item[key]: item for item in items}


def test_rotating_cartel_is_one_group_with_r057_and_scores_high():
    members = [1, 2, 3]
    cartel = [_cartel_tender(i, members, winner=members[i % 3], leak=i % 4 == 0) for i in range(12)]
    result = scan_releases([*cartel, *_honest_market()])

    assert result.groups, "the cartel should be found"
    best = result.groups[0]
    assert set(best["members"]) == {firm(m) for m in members}
    assert {f"c-{i}" for i in range(12)} <= set(best["ocids"])
    assert "R057" in {f["code"] for f in best["flags"]}
    tenders = _by(result.tenders, "ocid")
    cartel_scores = sorted(tenders[f"c-{i}"]["score"] for i in range(12))
    honest_scores = sorted(tenders[f"h-{i}"]["score"] for i in range(30))
    assert cartel_scores[0] > honest_scores[-1]
    assert "GGZY-GROUP" in {f["code"] for f in tenders["c-5"]["flags"]}
    bidders = _by(result.bidders, "id")
    assert bidders[firm(1)]["score"] > max(bidders[firm(40 + k)]["score"] for k in range(15))
    assert "GGZY-GROUP-MEMBER" in {f["code"] for f in bidders[firm(2)]["flags"]}


def test_recurrent_winner_pair_is_r053():
    members = [1, 2, 3]
    cartel = [_cartel_tender(i, members, winner=1, leak=i % 3 == 0) for i in range(10)]
    result = scan_releases([*cartel, *_honest_market()])
    best = result.groups[0]
    assert set(best["members"]) == {firm(m) for m in members}
    flag = next(f for f in best["flags"] if f["code"] == "R053")
    assert flag["evidence"]["winner"] == firm(1)


def test_regional_specialists_who_meet_often_are_not_a_group():
    """The same 6 firms meet in every tender with honest, dispersed prices: no group, low scores."""
    releases = []
    for i in range(40):
        prices = honest_prices(seed=500 + i, n=4, spread=0.08)
        releases.append(release(f"r-{i}", [bid((i + k) % 6 + 1, p) for k, p in enumerate(prices)]))
    result = scan_releases(releases)
    assert not result.groups
    assert max(t["score"] for t in result.tenders) < 0.4


def test_persistent_loser_is_r025():
    releases = []
    for i in range(30):
        prices = sorted(honest_prices(seed=700 + i, n=5, spread=0.08))
        members = [(i + k) % 12 + 1 for k in range(4)]
        bids = [bid(m, p) for m, p in zip(members, prices[:4], strict=True)] + [bid(99, prices[4])]
        releases.append(release(f"l-{i}", bids))
    bidders = _by(scan_releases(releases).bidders, "id")
    flag = next(f for f in bidders[firm(99)]["flags"] if f["code"] == "R025")
    assert flag["evidence"]["bids"] == 30
    assert not any(f["code"] == "R025" for f in bidders[firm(1)]["flags"])


def test_fingerprint_shared_across_sections_is_reported_on_the_bidders():
    a = release("sec-1", [bid(1, 800_000), bid(5, 870_000), bid(6, 905_000)])
    b = release("sec-2", [bid(2, 812_000, hardwareId="hw-1"), bid(7, 860_000), bid(8, 910_000)])
    bidders = _by(scan_releases([a, b, *_honest_market(10)]).bidders, "id")
    flag = next(f for f in bidders[firm(2)]["flags"] if f["code"] == "GGZY-SAME-DEVICE")
    assert flag["evidence"]["value"] == "hw-1"
    assert flag["evidence"]["sharedWith"] == [firm(1)]


def test_index_update_is_incremental_and_reports_only_affected_items():
    members = [1, 2, 3]
    index = Index()
    first = index.add_releases(
        [*(_cartel_tender(i, members, members[i % 3], leak=i % 4 == 0) for i in range(10)), *_honest_market()]
    )
    assert len(first.tenders) == 40

    second = index.add_releases(
        [_cartel_tender(10, members, 2), release("new-honest", [bid(40, 800_000), bid(41, 880_000)])]
    )

    ocids = {t["ocid"] for t in second.tenders}
    assert {"c-10", "new-honest"} <= ocids
    assert not any(o.startswith("h-") for o in ocids)
    new = _by(second.tenders, "ocid")
    assert new["c-10"]["score"] > new["new-honest"]["score"]
    assert "GGZY-GROUP" in {f["code"] for f in new["c-10"]["flags"]}

    again = index.add_releases(
        [release("new-honest", [bid(40, 800_000), bid(41, 880_000), bid(42, 901_000)])]
    )
    assert [t["ocid"] for t in again.tenders] == ["new-honest"]
    assert index.tenders.filter(index.tenders["ocid"] == "new-honest").height == 1


def test_incremental_updates_end_in_the_same_state_as_one_batch_scan():
    from ggzy.supervision.redflags.engine.result import result_from_index
    from ggzy.supervision.redflags.engine.synth import generate

    releases, _ = generate(seed=11, tenders=600)
    batch = scan_releases(releases)

    index = Index()
    index.add_releases(releases[:400])
    stale = [dict(r, bids={"details": r["bids"]["details"][:1]}) for r in releases[400:450]]
    index.add_releases(stale)  # first versions of 50 processes, replaced below
    index.add_releases(releases[400:])
    incremental = result_from_index(index)

    # equal up to the order of floating-point sums
    assert {t["ocid"]: t["score"] for t in incremental.tenders} == pytest.approx(
        {t["ocid"]: t["score"] for t in batch.tenders}, abs=1e-4
    )
    assert sorted(map(tuple, (g["members"] for g in incremental.groups))) == sorted(
        map(tuple, (g["members"] for g in batch.groups))
    )
