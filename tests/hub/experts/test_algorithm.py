"""The spec algorithm (expert-draw.md), checked against a literal transcription and for uniformity."""

from __future__ import annotations

import hashlib
import hmac
import math
from collections import Counter

from ggzy.hub.experts import algorithm


def spec_literal(eligible, seed, label, count):
    """expert-draw.md §Order, transcribed line by line (copies the list, as the spec shows)."""
    a = list(eligible)
    out = []
    for i in range(min(count, len(a))):
        u = int.from_bytes(
            hmac.new(seed, (label + "\x00" + str(i)).encode("utf-8"), hashlib.sha256).digest(), "big"
        )
        j = i + u % (len(a) - i)
        a[i], a[j] = a[j], a[i]
        out.append(a[i])
    return out


def test_commitment_is_lowercase_hex_sha256_of_secret():
    secret = bytes(range(32))
    assert algorithm.commitment_of(secret) == hashlib.sha256(secret).hexdigest()
    assert algorithm.commitment_of(secret) == algorithm.commitment_of(secret).lower()


def test_seed_is_hmac_of_ascii_beacon_keyed_by_secret():
    secret, beacon = b"\x01" * 32, "ab" * 32
    assert (
        algorithm.seed_of(secret, beacon) == hmac.new(secret, beacon.encode("ascii"), hashlib.sha256).digest()
    )


def test_eligible_sorted_by_code_point_and_digest_over_newline_join():
    codes = ["ZJ2", "ZJ10", "ZJ1", "zj0", "ZJ1"]
    eligible = algorithm.sort_eligible(codes)
    assert eligible == ["ZJ1", "ZJ10", "ZJ2", "zj0"]
    assert algorithm.pool_digest(eligible) == hashlib.sha256(b"ZJ1\nZJ10\nZJ2\nzj0").hexdigest()


def test_sparse_shuffle_equals_literal_spec_for_every_prefix():
    eligible = [f"ZJ{n:08d}" for n in range(37)]
    seed = algorithm.seed_of(b"\x07" * 32, "f" * 64)
    for n in (0, 1, 5, 36, 37, 50):
        assert algorithm.draw_order(eligible, seed, "A080101 道路工程 ×4", n) == spec_literal(
            eligible, seed, "A080101 道路工程 ×4", n
        )


def test_label_changes_the_order():
    eligible = [f"ZJ{n:08d}" for n in range(200)]
    seed = algorithm.seed_of(b"\x07" * 32, "0" * 64)
    assert algorithm.draw_order(eligible, seed, "A ×3", 3) != algorithm.draw_order(eligible, seed, "B ×3", 3)


def chi_square_critical(df: int, z: float) -> float:
    """Wilson–Hilferty approximation of the chi-square quantile for the normal quantile ``z``."""
    k = 2 / (9 * df)
    return df * (1 - k + z * math.sqrt(k)) ** 3


def test_critical_value_matches_tables():
    # Published tables: χ²(0.999, 19) = 43.820, χ²(0.999, 9) = 27.877.
    assert abs(chi_square_critical(19, 3.0902) - 43.820) < 0.2
    assert abs(chi_square_critical(9, 3.0902) - 27.877) < 0.2


def test_every_eligible_expert_equally_likely_chi_square():
    """20 experts, 3 seats, 20,000 draws with independent secrets: seat counts are uniform."""
    eligible = [f"ZJ{n:08d}" for n in range(20)]
    draws, seats = 20_000, 3
    counts: Counter[str] = Counter()
    first: Counter[str] = Counter()
    for n in range(draws):
        secret = hashlib.sha256(f"secret-{n}".encode()).digest()
        seed = algorithm.seed_of(secret, hashlib.sha256(f"beacon-{n}".encode()).hexdigest())
        order = algorithm.draw_order(eligible, seed, "A080101 道路工程 ×3", seats)
        assert len(set(order)) == seats
        counts.update(order)
        first[order[0]] += 1
    critical = chi_square_critical(len(eligible) - 1, 3.0902)  # p = 0.001
    for observed, total in ((counts, draws * seats), (first, draws)):
        expected = total / len(eligible)
        statistic = sum((observed[c] - expected) ** 2 / expected for c in eligible)
        assert statistic < critical, (statistic, critical)


def test_a_biased_draw_fails_the_same_chi_square_test():
    """The test has power: always preferring the lowest code among two candidates is detected."""
    eligible = [f"ZJ{n:08d}" for n in range(20)]
    counts: Counter[str] = Counter()
    for n in range(20_000):
        seed = hashlib.sha256(f"s{n}".encode()).digest()
        a, b = algorithm.draw_order(eligible, seed, "x", 2)
        counts[min(a, b) if n % 4 == 0 else a] += 1
    expected = 20_000 / 20
    statistic = sum((counts[c] - expected) ** 2 / expected for c in eligible)
    assert statistic > chi_square_critical(19, 3.0902)
