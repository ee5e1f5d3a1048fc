"""Sub-platform intake throughput (issue 5 benchmarks): releases accepted per second.

Packages of 1,000 releases (each process has a tender release and an award release with 3–8 bids
and submission fingerprints) are pushed to ``POST /api/v1/exchange/releases`` through Django's test
client — JSON parsing, token check, schema validation, idempotency check, storage, record
compilation, data-quality measures, scan queue and audit, one transaction per package.

Baseline, same run, interleaved package by package: the same packages (already parsed) validated by the
very validator object the intake uses — ``ocds_schema.intake_package_validator(Profile.INTAKE)``, the same
schema and format checker, nothing else (asserted: the intake takes that object from the cache and builds
none). For reference, ``validate_package`` (that validator plus the duplicate-release check the intake also
runs) is timed too. A second push of the same packages measures the no-op path.

Run: ``python -m bench intake`` (SQLite temp file) or with DATABASE_URL=postgres://... for PostgreSQL.
GGZY_BENCH_INTAKE_PACKAGES sets how many packages (default 10 → 10,000 releases).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import time

from bench._django import setup
from bench._report import load

RELEASES_PER_PACKAGE = 1_000
BASE = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def _uscc(n: int) -> str:
    from ggzy.core.codes import make_uscc

    return make_uscc(f"91310000{n:09d}")


def _process(rng: random.Random, n: int) -> list[dict]:
    ocid = f"ocds-bench1-{n:08d}"
    ceiling = round(rng.uniform(2e5, 5e7), 2)
    bidders = rng.randint(3, 8)
    firms = rng.sample(range(1, 5_000), bidders)
    start = BASE + dt.timedelta(minutes=n)
    end = start + dt.timedelta(days=20)
    buyer = {"id": _uscc(900_000 + n % 300), "name": f"采购单位{n % 300}"}
    tender = {
        "id": f"{ocid}-t",
        "title": f"基准测试项目{n}",
        "status": "active",
        "procurementMethod": "open",
        "mainProcurementCategory": "works",
        "value": {"amount": ceiling, "currency": "CNY"},
        "tenderPeriod": {"startDate": start.isoformat(), "endDate": end.isoformat()},
        "items": [{"id": "1", "classification": {"scheme": "GGZY-CATALOGUE", "id": "A01"}}],
    }
    parties = [
        {**buyer, "roles": ["buyer"], "address": {"region": rng.choice(["浦东新区", "徐汇区", "闵行区"])}}
    ]
    first = {
        "ocid": ocid,
        "id": f"{ocid}-tender",
        "date": start.isoformat(),
        "tag": ["tender"],
        "initiationType": "tender",
        "parties": parties,
        "buyer": buyer,
        "tender": tender,
    }
    details = []
    for i, firm in enumerate(firms):
        details.append(
            {
                "id": f"{ocid}-b{i}",
                "date": (end - dt.timedelta(hours=i + 1)).isoformat(),
                "status": "valid",
                "tenderers": [{"id": _uscc(firm), "name": f"投标公司{firm}"}],
                "value": {"amount": round(ceiling * rng.uniform(0.85, 0.99), 2), "currency": "CNY"},
                "submission": {
                    "ipAddress": f"10.{firm % 250}.{i}.1",
                    "hardwareId": f"hw-{firm}",
                    "fileCreatorId": f"tool-{firm}",
                    "depositAccount": f"6222{firm:08d}",
                },
            }
        )
    winner = min(details, key=lambda d: d["value"]["amount"])
    award_date = end + dt.timedelta(days=10)
    second = {
        "ocid": ocid,
        "id": f"{ocid}-award",
        "date": award_date.isoformat(),
        "tag": ["award"],
        "initiationType": "tender",
        "tender": {"id": f"{ocid}-t", "status": "complete", "numberOfTenderers": bidders},
        "bids": {"details": details},
        "awards": [
            {
                "id": f"{ocid}-a",
                "status": "active",
                "date": award_date.isoformat(),
                "value": dict(winner["value"]),
                "suppliers": winner["tenderers"],
                "relatedBid": winner["id"],
            }
        ],
    }
    return [first, second]


def make_packages(count: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    packages, n = [], 0
    for p in range(count):
        releases: list[dict] = []
        while len(releases) < RELEASES_PER_PACKAGE:
            releases += _process(rng, n)
            n += 1
        packages.append(
            {
                "uri": f"https://bench.example.cn/ocds/{p}",
                "version": "1.1",
                "publishedDate": BASE.isoformat(),
                "publisher": {"name": "基准测试分平台"},
                "releases": releases[:RELEASES_PER_PACKAGE],
            }
        )
    return packages


def _source_token() -> str:
    from ggzy.catalog.services import sub_platform_register
    from ggzy.supervision.exchange.services import exchange_source_register, exchange_token_issue

    sub_platform_register(
        actor=None,
        code="bench",
        stem="基准测试",
        operator_name="基准测试中心",
        established_on=dt.date(2010, 1, 1),
    )
    source = exchange_source_register(actor=None, platform_code="bench")
    return exchange_token_issue(actor=None, source=source)[1]


def main() -> None:
    setup()
    from django.db import connection
    from django.test import Client

    from ggzy.supervision.exchange import ocds_schema

    count = int(os.environ.get("GGZY_BENCH_INTAKE_PACKAGES", "10"))
    packages = make_packages(count)
    bodies = [json.dumps(p, ensure_ascii=False).encode() for p in packages]
    total = count * RELEASES_PER_PACKAGE
    print(
        f"database: {connection.vendor}; {count} packages x {RELEASES_PER_PACKAGE:,} releases "
        f"({sum(len(b) for b in bodies) / count / 1e6:.1f} MB each); {load()}",
        flush=True,
    )

    # The baseline uses the very validator object the intake uses: ``validate_package`` calls
    # ``intake_package_validator(profile)`` (functools.cache) with the INTAKE profile, positionally.
    cached = ocds_schema.intake_package_validator
    validator = cached(ocds_schema.Profile.INTAKE)
    assert not list(validator.iter_errors(packages[0]))  # warm the schema caches for both sides
    assert not ocds_schema.validate_package(packages[0])
    before = cached.cache_info()

    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {_source_token()}"}
    plain = checks = intake = 0.0
    for package, body in zip(packages, bodies, strict=True):  # interleaved: both sides see the same load
        began = time.perf_counter()
        errors = list(validator.iter_errors(package))
        plain += time.perf_counter() - began
        assert not errors
        began = time.perf_counter()
        assert not ocds_schema.validate_package(package)
        checks += time.perf_counter() - began
        began = time.perf_counter()
        response = client.post(
            "/api/v1/exchange/releases", data=body, content_type="application/json", **headers
        )
        intake += time.perf_counter() - began
        assert response.status_code == 201, response.content[:500]
    after = cached.cache_info()
    # The intake built no validator of its own: it took this one from the cache once per package
    # (plus once per package for the validate_package line above).
    assert after.misses == before.misses and after.hits - before.hits == 2 * count, (before, after)

    began = time.perf_counter()
    for body in bodies:
        response = client.post(
            "/api/v1/exchange/releases", data=body, content_type="application/json", **headers
        )
        assert response.status_code == 200 and response.json()["created"] == 0
    again = time.perf_counter() - began

    print(
        f"baseline, the intake's own validator object (intake_package_validator, same schema and format checker), "
        f"parsed packages: {plain:.2f} s ({total / plain:,.0f} releases/s)"
    )
    print(
        f"for reference, validate_package (that validator + the duplicate-release check): {checks:.2f} s "
        f"({total / checks:,.0f} releases/s)"
    )
    print(
        f"intake (new releases; HTTP, JSON parsing, validation, storage, records, quality, queue, audit): "
        f"{intake:.2f} s ({total / intake:,.0f} releases/s)"
    )
    print(f"intake (same again, no-op):  {again:.2f} s ({total / again:,.0f} releases/s)")
    print(f"ratio intake / baseline validation: {intake / plain:.2f}x (no-op push: {again / plain:.2f}x)")
    print(f"after: {load()}")
