"""信息公开 at real size: the notice pages and feed on PostgreSQL with many notices, against a trivial view.

Builds PostgreSQL database ``bench_notices`` (dropped at the end): migrations, the reference catalogue,
then N notices bulk-inserted with COPY — ten years of disclosures spread over the 17 districts, 13 kinds
and every catalogue entry, titles and bodies from road/school/procurement templates (about one in six
mentions 道路), each with its search words (the same segmentation ``notice_publish`` uses) and its feed
position. Then ``ggzy serve --gunicorn --workers 2`` on a free loopback port, and ``wrk`` (else a Python
keep-alive client) with 8 concurrent connections for 10 s per URL, every URL in the same run as the
baseline ``/api/v1/catalogue/methods`` (a trivial JSON view with no database work).

Two passes: the server as deployed (anonymous public pages cached until the next publish), and the
same server with ``GGZY_PUBLIC_CACHE_SECONDS=0`` (every request renders, so the figures show the queries
themselves). The machine is shared: the load average is printed next to the figures.

Run: ``python -m bench notices_portal``. ``GGZY_BENCH_NOTICES`` sets N (default 200,000; the issue's
size is 1,000,000); ``GGZY_BENCH_SECONDS`` the time per URL (default 10); ``GGZY_BENCH_PG`` the server
(default ``postgres://postgres@127.0.0.1:5432``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import http.client
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

from bench._report import load

PG = os.environ.get("GGZY_BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "bench_notices"
CLIENTS = 8
ROOT = Path(__file__).resolve().parent.parent
START = dt.datetime(2016, 1, 1, 1, 0, tzinfo=dt.UTC)

DISTRICTS = [
    "310101",
    "310104",
    "310105",
    "310106",
    "310107",
    "310109",
    "310110",
    "310112",
    "310113",
    "310114",
    "310115",
    "310116",
    "310117",
    "310118",
    "310120",
    "310151",
    "310000",
]
PLACES = [
    "张江",
    "陆家嘴",
    "徐家汇",
    "虹桥",
    "莘庄",
    "松江新城",
    "临港",
    "外高桥",
    "金桥",
    "川沙",
    "南翔",
    "安亭",
]
WORKS = [
    "道路改造工程",
    "道路大修工程",
    "小学改扩建工程",
    "河道整治工程",
    "污水管网工程",
    "公园绿化工程",
    "保障性住房项目",
    "体育馆新建工程",
    "桥梁维修工程",
    "社区卫生服务中心新建工程",
    "地铁站配套工程",
]
GOODS = [
    "办公设备",
    "医疗设备",
    "教学仪器",
    "图书",
    "车辆",
    "信息化系统",
    "物业管理服务",
    "保洁服务",
    "食堂服务",
    "城市道路养护服务",
    "绿化养护服务",
]
KIND_TITLE = {
    "procurement_intent": "采购意向公开",
    "tender": "招标公告",
    "prequalification": "资格预审公告",
    "invitation": "投标邀请书",
    "amendment": "变更公告",
    "qualification_result": "资格审查结果公示",
    "opening": "开标记录",
    "candidates": "中标候选人公示",
    "award": "中标结果公告",
    "contract": "合同公告",
    "performance": "履约信息公开",
    "termination": "终止公告",
    "general": "交易公告",
}
BODY = (
    "一、项目概况：本项目位于{place}，{what}，估算价{amount}万元。二、资格要求：投标人须具备相应资质，"
    "近三年无不良信用记录。三、获取文件：{date}起在上海市公共资源交易平台获取。四、联系方式：招标人{buyer}，"
    "招标代理机构{agency}。"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _psql(sql: str) -> None:
    url = urllib.parse.urlsplit(PG)
    subprocess.run(
        [
            "psql",
            "-h",
            url.hostname or "127.0.0.1",
            "-p",
            str(url.port or 5432),
            "-U",
            url.username or "postgres",
            "-v",
            "ON_ERROR_STOP=1",
            "-qc",
            sql,
        ],
        check=True,
    )


def _tsvector(title_words: list[str], body_words: list[str]) -> str:
    """The text form of setweight(to_tsvector('simple', title), 'A') || setweight(…body…, 'B')."""
    positions: dict[str, list[str]] = {}
    for i, word in enumerate(title_words, start=1):
        positions.setdefault(word, []).append(f"{min(i, 16383)}A")
    offset = len(title_words)
    for i, word in enumerate(body_words, start=1):
        positions.setdefault(word, []).append(f"{min(offset + i, 16383)}B")
    return " ".join(f"'{w}':{','.join(p[:256])}" for w, p in positions.items())


def _build(n: int) -> dict:
    from django.db import connection

    from ggzy.catalog.models import CatalogueEntry
    from ggzy.hub.publication.segmentation import segment
    from ggzy.portal.demo import install_demo_catalogue

    version = install_demo_catalogue()
    entries = list(CatalogueEntry.objects.filter(version=version).values_list("id", "code", "group"))
    works = [e for e in entries if e[2] == "works"] or entries
    others = [e for e in entries if e[2] != "works"] or entries
    kinds = list(KIND_TITLE)
    rng = random.Random(20261128)
    step = (10 * 365 * 86400) / n  # ten years of notices
    columns = (
        "id",
        "kind",
        "title",
        "body",
        "catalogue_entry_id",
        "catalogue_code",
        "catalogue_group",
        "district",
        "published_at",
        "source_type",
        "source_id",
        "body_digest",
        "project_code",
        "feed_position",
        "search_vector",
    )
    started = time.perf_counter()
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY publication_notice ({', '.join(columns)}) FROM STDIN") as copy:
            for i in range(1, n + 1):
                district = rng.choice(DISTRICTS)
                kind = rng.choice(kinds)
                place = rng.choice(PLACES)
                if rng.random() < 0.6:
                    entry, what = rng.choice(works), rng.choice(WORKS)
                else:
                    entry, what = rng.choice(others), rng.choice(GOODS) + "采购项目"
                title = f"{place}{what}{KIND_TITLE[kind]}"
                published = START + dt.timedelta(seconds=i * step)
                body = BODY.format(
                    place=place,
                    what=what,
                    amount=rng.randint(50, 90000),
                    date=published.strftime("%Y年%m月%d日"),
                    buyer=f"{place}建设管理中心",
                    agency=f"上海某招标代理有限公司{rng.randint(1, 300)}",
                )
                code = f"E31{district[3:]}{i:013d}"[:20] if kind in ("tender", "award", "candidates") else ""
                digest = hashlib.sha256(body.encode()).hexdigest()
                vector = _tsvector(segment(title), segment(body))
                copy.write_row(
                    (
                        i,
                        kind,
                        title,
                        body,
                        entry[0],
                        entry[1],
                        entry[2],
                        district,
                        published,
                        "",
                        "",
                        digest,
                        code,
                        i,
                        vector,
                    )
                )
        cursor.execute("SELECT setval(pg_get_serial_sequence('publication_notice', 'id'), %s)", [n])
        cursor.execute("INSERT INTO publication_feedcounter (singleton, last_position) VALUES (1, %s)", [n])
    connection.commit() if not connection.get_autocommit() else None
    built = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE publication_notice")
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('publication_notice'))")
        size = cursor.fetchone()[0]
    return {"seconds": built, "size": size}


def _near_end_cursor(n: int) -> str:
    from ggzy.core.pagination import encode_cursor

    return encode_cursor([max(n - 20, 0)])


def _serve(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/ggzy"),
            "serve",
            "--gunicorn",
            "--workers",
            "2",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(200):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/api/v1/catalogue/methods")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("the server did not start")


def _wrk(port: int, path: str, seconds: int) -> tuple[float, float, float, int]:
    out = subprocess.run(
        [
            "wrk",
            "-t",
            "2",
            "-c",
            str(CLIENTS),
            "-d",
            f"{seconds}s",
            "--latency",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def _ms(label: str) -> float:
        value, unit = re.search(rf"^\s*{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, _ms("50%"), _ms("99%"), int(errors.group(1)) if errors else 0


def _python_load(port: int, path: str, seconds: int) -> tuple[float, float, float, int]:
    """Fallback without wrk: 8 threads, each with one keep-alive connection."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine = []
        while time.perf_counter() < deadline:
            t = time.perf_counter()
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            mine.append(time.perf_counter() - t)
            if response.status != 200:
                errors[0] += 1
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa: E731
    return len(latencies) / seconds, pick(0.5), pick(0.99), errors[0]


def _measure(
    port: int, urls: list[tuple[str, str]], seconds: int
) -> list[tuple[str, float, float, float, int]]:
    runner = _wrk if shutil.which("wrk") else _python_load
    rows = []
    for label, path in urls:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)  # warm up (and fill the cache)
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        assert response.status == 200, (path, response.status)
        rows.append((label, *runner(port, path, seconds)))
    return rows


def _print(title: str, rows) -> None:
    base = rows[0][1]
    print(f"\n{title} — {load()}")
    print(f"{'URL':<44} {'req/s':>8} {'p50':>9} {'p99':>9} {'×trivial':>9} {'non-2xx':>7}")
    for label, rate, p50, p99, errors in rows:
        print(f"{label:<44} {rate:>8.1f} {p50:>7.1f}ms {p99:>7.1f}ms {rate / base:>9.2f} {errors:>7}")


def main() -> None:
    n = int(os.environ.get("GGZY_BENCH_NOTICES", "200000"))
    seconds = int(os.environ.get("GGZY_BENCH_SECONDS", "10"))
    url = f"{PG.rstrip('/')}/{DB_NAME}"
    print(
        f"notices: {n:,}; {CLIENTS} clients × {seconds} s per URL; "
        f"load generator: {'wrk' if shutil.which('wrk') else 'Python threads'}; {load()}"
    )
    _psql(f"DROP DATABASE IF EXISTS {DB_NAME}")
    _psql(f"CREATE DATABASE {DB_NAME}")
    servers: list[subprocess.Popen] = []
    try:
        os.environ["DATABASE_URL"] = url
        from bench._django import setup

        setup()
        built = _build(n)
        print(
            f"built: {n:,} notices by COPY (words segmented, tsvector, feed positions) in "
            f"{built['seconds']:.0f} s; table + indexes {built['size']}"
        )
        from django.db import connections

        connections.close_all()
        urls = [
            ("/api/v1/catalogue/methods (trivial)", "/api/v1/catalogue/methods"),
            ("/api/v1/notices first page", "/api/v1/notices"),
            ("/api/v1/notices?cursor= near the end", f"/api/v1/notices?cursor={_near_end_cursor(n)}"),
            ("/ home", "/"),
            ("/notices/", "/notices/"),
            ("/notices/?kind=award&district=310115", "/notices/?kind=award&district=310115"),
            ("/notices/?q=道路", "/notices/?q=" + urllib.parse.quote("道路")),
        ]
        base_env = {
            **os.environ,
            "DATABASE_URL": url,
            "GGZY_INSECURE_HTTP": "1",
            "GGZY_DB_CONN_MAX_AGE": "60",
            "GGZY_SECRET_KEY": os.environ.get("GGZY_SECRET_KEY") or "bench-only-" + "x" * 50,
            "GGZY_LOG_LEVEL": "ERROR",
            "PYTHONPATH": str(ROOT / "src"),
        }
        base_env.pop("REDIS_URL", None)
        for title, extra in (
            ("as deployed: anonymous pages cached until the next publish", {}),
            (
                "page cache off (GGZY_PUBLIC_CACHE_SECONDS=0): every request queries",
                {"GGZY_PUBLIC_CACHE_SECONDS": "0"},
            ),
        ):
            port = _free_port()
            server = _serve({**base_env, **extra}, port)
            servers.append(server)
            _print(title, _measure(port, urls, seconds))
            server.terminate()
            server.wait(timeout=30)
    finally:
        for server in servers:
            if server.poll() is None:
                server.terminate()
                server.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        _psql(f"DROP DATABASE IF EXISTS {DB_NAME}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
