"""Each tender-level flag on a small hand-built case, and honest look-alikes that must not score high."""

from __future__ import annotations

import pytest

from ggzy.supervision.redflags.engine import Config, scan_releases

from .builders import bid, honest_prices, release


def _background(count: int = 12) -> list[dict]:
    """Honest, dispersed tenders so that the market statistics have something to compare with."""
    out = []
    for i in range(count):
        prices = honest_prices(seed=i, n=5)
        out.append(release(f"bg-{i}", [bid(50 + (i + k) % 20, p) for k, p in enumerate(prices)]))
    return out


def _scan(*releases: dict):
    result = scan_releases([*releases, *_background()])
    return {t["ocid"]: t for t in result.tenders}, result


def _codes(tender: dict) -> set[str]:
    return {f["code"] for f in tender["flags"]}


def _flag(tender: dict, code: str) -> dict:
    return next(f for f in tender["flags"] if f["code"] == code)


def test_single_bid_is_r018():
    tenders, _ = _scan(release("t", [bid(1, 900_000)]))
    assert "R018" in _codes(tenders["t"])


def test_short_submission_period_is_r003_and_normal_period_is_not():
    tenders, _ = _scan(
        release("short", [bid(1, 800_000), bid(2, 850_000)], days=10),
        release("normal", [bid(1, 800_000), bid(2, 850_000)], days=25),
    )
    assert "R003" in _codes(tenders["short"])
    assert "R003" not in _codes(tenders["normal"])


def test_identical_prices_are_r028_high():
    tenders, _ = _scan(release("t", [bid(1, 812_345.0), bid(2, 812_345.0), bid(3, 870_000.0)]))
    flag = _flag(tenders["t"], "R028")
    assert flag["severity"] == "high"
    assert len(flag["evidence"]["bidIds"]) == 2


def test_second_bid_next_to_winner_is_r024():
    tenders, _ = _scan(release("t", [bid(1, 800_000), bid(2, 801_000), bid(3, 900_000)]))
    assert "R024" in _codes(tenders["t"])


def test_late_winning_bid_is_r030():
    tenders, _ = _scan(
        release("t", [bid(1, 800_000, minutes=120), bid(2, 850_000), bid(3, 870_000, minutes=5)])
    )
    assert "R030" in _codes(tenders["t"])


def test_all_but_winner_disqualified_is_r035_and_r038():
    bids = [bid(1, 800_000), bid(2, 780_000, status="disqualified"), bid(3, 790_000, status="disqualified")]
    tenders, _ = _scan(release("t", bids))
    codes = _codes(tenders["t"])
    assert {"R035", "R036", "R038"} <= codes


def test_heavily_discounted_bid_is_r058():
    tenders, _ = _scan(release("t", [bid(1, 400_000), bid(2, 850_000), bid(3, 900_000), bid(4, 870_000)]))
    assert "R058" in _codes(tenders["t"])


def test_regular_steps_are_flagged_with_evidence():
    prices = [800_000 + 4_000 * k for k in range(5)]
    tenders, _ = _scan(release("t", [bid(i + 1, p) for i, p in enumerate(prices)]))
    flag = _flag(tenders["t"], "GGZY-REGULAR-STEPS")
    assert flag["severity"] == "high"
    assert flag["evidence"]["bidsInProgression"] == 5
    assert flag["evidence"]["step"] == pytest.approx(4000, rel=0.01)


def test_low_cv_and_cover_cluster():
    prices = [900_000, 903_000, 904_100, 905_000]
    tenders, _ = _scan(release("t", [bid(i + 1, p) for i, p in enumerate(prices)]))
    codes = _codes(tenders["t"])
    assert {"GGZY-LOW-CV", "GGZY-COVER-CLUSTER"} <= codes
    assert "GGZY-REGULAR-STEPS" not in codes


def test_winner_hugging_the_ceiling():
    tenders, _ = _scan(release("t", [bid(1, 990_000), bid(2, 995_000), bid(3, 999_000)], ceiling=1_000_000))
    flag = _flag(tenders["t"], "GGZY-CEILING-HUG")
    assert flag["evidence"]["ratio"] == pytest.approx(0.99)


def test_subgroup_of_close_bids_among_dispersed_ones():
    prices = [700_000, 760_000, 900_000, 900_600, 901_100, 990_000]
    tenders, _ = _scan(release("t", [bid(i + 1, p) for i, p in enumerate(prices)]))
    flag = _flag(tenders["t"], "GGZY-SUBGROUP-CV")
    assert len(flag["evidence"]["bidIds"]) >= 3


@pytest.mark.parametrize(
    ("field", "code", "severity"),
    [
        ("documentHash", "GGZY-SAME-DOCUMENT", "high"),
        ("depositAccount", "GGZY-SAME-ACCOUNT", "high"),
        ("hardwareId", "GGZY-SAME-DEVICE", "high"),
        ("macAddress", "GGZY-SAME-DEVICE", "high"),
        ("fileCreatorId", "GGZY-SAME-CREATOR", "high"),
        ("contactPhone", "GGZY-SAME-CONTACT", "medium"),
        ("ipAddress", "GGZY-SAME-IP", "low"),
    ],
)
def test_shared_fingerprint_within_a_section(field, code, severity):
    prices = honest_prices(seed=99, n=3)
    shared = {field: "SHARED-VALUE"}
    bids = [bid(1, prices[0], **shared), bid(2, prices[1], **shared), bid(3, prices[2])]
    tenders, _ = _scan(release("t", bids))
    flag = _flag(tenders["t"], code)
    assert flag["severity"] == severity
    assert flag["evidence"]["value"] == "SHARED-VALUE"
    assert sorted(flag["evidence"]["bidIds"]) == ["t-b1", "t-b2"]
    assert "中" in flag["message"] or "同" in flag["message"]


def test_absent_fingerprint_is_unknown_not_shared():
    prices = honest_prices(seed=7, n=3)
    bids = [bid(k + 1, p, hardwareId=None, macAddress=None) for k, p in enumerate(prices)]
    tenders, _ = _scan(release("t", bids))
    assert not {"GGZY-SAME-DEVICE"} & _codes(tenders["t"])


def test_shared_office_nat_alone_is_not_high():
    """Six honest firms of one park share the NAT address on many tenders: low flag, low score."""
    nat = {"ipAddress": "58.1.1.1"}
    releases = []
    for i in range(10):
        prices = honest_prices(seed=100 + i, n=4, spread=0.08)
        members = [(i + k) % 6 + 1 for k in range(4)]
        releases.append(
            release(f"park-{i}", [bid(m, p, **nat) for m, p in zip(members, prices, strict=True)])
        )
    tenders, result = _scan(*releases)
    for i in range(10):
        tender = tenders[f"park-{i}"]
        assert tender["score"] < Config().medium
        ip_flags = [f for f in tender["flags"] if f["code"] == "GGZY-SAME-IP"]
        assert ip_flags and all(f["severity"] == "low" for f in ip_flags)
        assert all(f["severity"] != "high" for f in tender["flags"])
    assert not result.groups


def test_honest_naturally_close_prices_do_not_score_high():
    """Standard goods: prices within 0.5 % but irregular, no fingerprints: at most medium flags."""
    tenders, _ = _scan(
        release("t", [bid(1, 500_000), bid(2, 501_700), bid(3, 502_300), bid(4, 503_900)], ceiling=700_000)
    )
    assert tenders["t"]["score"] < Config().high
    assert "GGZY-REGULAR-STEPS" not in _codes(tenders["t"])


def test_dispersed_honest_tender_has_no_price_flags():
    tenders, _ = _scan(release("t", [bid(1, 700_000), bid(2, 760_000), bid(3, 815_000), bid(4, 900_000)]))
    price_codes = {"GGZY-LOW-CV", "GGZY-COVER-CLUSTER", "GGZY-REGULAR-STEPS", "R028", "GGZY-SUBGROUP-CV"}
    assert not price_codes & _codes(tenders["t"])
    assert tenders["t"]["score"] < 0.2
