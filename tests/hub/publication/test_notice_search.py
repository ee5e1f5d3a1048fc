"""信息公开 search: Chinese words through the index (FTS5 on SQLite, tsvector + GIN on PostgreSQL),
ranking, highlighting, project codes — and the same results on both databases."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection

from ggzy.hub.publication import search_index
from ggzy.hub.publication.selectors import NoticeFilter, notice_list, notice_page

pytestmark = pytest.mark.django_db

# A fixed corpus and fixed queries: CI runs this file on SQLite and on PostgreSQL against the one
# expected list below, which proves both databases return the same notices in the same order.
CORPUS = [
    # (day of November 2026, title, body, catalogue code, district, project code)
    (
        1,
        "浦东新区城市道路改造工程施工招标公告",
        "本项目对张江路等三条道路进行改造。",
        "GC01",
        "浦东新区",
        "E3101150101000001001",
    ),
    (
        2,
        "黄浦区某小学改扩建工程施工招标公告",
        "建设地点：黄浦区。投标人须具备建筑工程施工总承包资质。",
        "GC01",
        "黄浦区",
        "",
    ),
    (
        3,
        "2026年度办公设备采购项目",
        "采购内容：台式计算机300台、打印机50台。道路照明另行采购。",
        "ZC01",
        "市级",
        "",
    ),
    (
        4,
        "徐汇区道路大修工程中标结果公告",
        "中标人：上海某市政工程有限公司。",
        "GC02",
        "徐汇区",
        "E3101040101000002001",
    ),
    (5, "闵行区河道整治工程招标公告", "整治河道两条，含沿河道路修复。", "GC01", "闵行区", ""),
    (6, "某医院医疗设备采购中标公告", "采购设备：CT机一台、MRI一台。", "ZC01", "静安区", ""),
    (
        7,
        "城市道路养护服务采购公告",
        "服务期一年，负责中心城区道路的日常养护。",
        "ZC01",
        "市级",
        "E3100000101000003001",
    ),
]

EXPECTED = {
    "道路": [  # title matches first (newest first), then title + body
        "城市道路养护服务采购公告",
        "徐汇区道路大修工程中标结果公告",
        "浦东新区城市道路改造工程施工招标公告",
        "闵行区河道整治工程招标公告",
        "2026年度办公设备采购项目",
    ],
    "城市道路": ["城市道路养护服务采购公告", "浦东新区城市道路改造工程施工招标公告"],
    "道路 改造": ["浦东新区城市道路改造工程施工招标公告"],
    "采购": ["城市道路养护服务采购公告", "某医院医疗设备采购中标公告", "2026年度办公设备采购项目"],
    "打印机": ["2026年度办公设备采购项目"],
    "施工总承包资质": ["黄浦区某小学改扩建工程施工招标公告"],
    "ct": ["某医院医疗设备采购中标公告"],
    "河道": ["闵行区河道整治工程招标公告"],
    "桥梁": [],
    "100%": [],
    "“”，。": [],
}


@pytest.fixture
def corpus(publish):
    made = {}
    for day, title, body, code, district, project in CORPUS:
        with time_machine.travel(dt.datetime(2026, 11, day, 2, 0, tzinfo=dt.UTC), tick=False):
            made[title] = publish(title, body=body, code=code, district=district, project_code=project)
    return made


def _titles(q: str, **filters) -> list[str]:
    return [n.title for n in notice_list(NoticeFilter(q=q, **filters))]


def test_fixed_queries_give_the_expected_notices_on_this_database(corpus):
    """Search results are identical in content between PostgreSQL and SQLite (one expected list)."""
    assert {q: _titles(q) for q in EXPECTED} == EXPECTED


def test_a_two_character_word_is_found_through_the_index(corpus):
    """道路 inside 城市道路 is found by the word index — with the index emptied it is not found at all."""
    assert "浦东新区城市道路改造工程施工招标公告" in _titles("道路")
    search_index.clear()
    assert _titles("道路") == []
    call_command("notices", "reindex")
    assert _titles("道路") == EXPECTED["道路"]


def test_the_index_is_the_database_index_of_this_vendor(corpus):
    """SQLite keeps the words in an FTS5 table, PostgreSQL in a tsvector column with a GIN index."""
    notice = corpus["闵行区河道整治工程招标公告"]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT search_vector::text FROM publication_notice WHERE id = %s", [notice.pk])
            words = cursor.fetchone()[0]
            assert "'河道':" in words and "'整治':" in words
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'notice_search_gin'")
            assert "gin (search_vector)" in cursor.fetchone()[0]
        else:
            cursor.execute(f"SELECT title FROM {search_index.FTS_TABLE} WHERE rowid = %s", [notice.pk])
            assert cursor.fetchone()[0].split() == ["闵行区", "河道", "整治", "工程", "招标", "公告"]


def test_search_combines_with_the_filters(corpus):
    """Words and filters together: only notices matching both."""
    assert _titles("道路", category="ZC01") == ["城市道路养护服务采购公告", "2026年度办公设备采购项目"]
    assert _titles("道路", district="徐汇区") == ["徐汇区道路大修工程中标结果公告"]
    assert _titles("道路", kind="award") == []


def test_search_by_project_code_is_an_exact_match(corpus):
    """A project code typed into the search box, or into 项目编号, finds its notices exactly."""
    assert _titles("e3101040101000002001") == ["徐汇区道路大修工程中标结果公告"]
    assert _titles("", code="E3100000101000003001") == ["城市道路养护服务采购公告"]
    assert _titles("", code="E3100000101000003") == []


def test_search_page_highlights_the_words_and_escapes_the_text(client, publish):
    """Matched words are marked; the notice's own text stays escaped (no markup from a title or body)."""
    publish("道路<b>改造</b>工程公告", body="<script>alert(1)</script> 涉及道路照明。")
    html = client.get("/notices/", {"q": "道路"}).content.decode()
    assert "<mark>道路</mark>&lt;b&gt;改造&lt;/b&gt;工程公告" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 涉及<mark>道路</mark>照明。" in html
    assert "<b>改造</b>" not in html and "<script>alert" not in html


def test_search_query_text_is_escaped_in_the_page(client, corpus):
    """The query echoed in the form is escaped."""
    html = client.get("/notices/", {"q": '道路"><script>x</script>'}).content.decode()
    assert "<script>x</script>" not in html


def test_search_results_page_by_keyset_across_the_rank_groups(corpus):
    """Paging a ranked search: 2 per page, title matches first, then body matches, nothing repeated."""
    f = NoticeFilter(q="道路")
    seen, after = [], ""
    for _ in range(5):
        page = notice_page(f, after=after, size=2)
        seen += [n.title for n in page.rows]
        if not page.next_cursor:
            break
        after = page.next_cursor
    assert seen == EXPECTED["道路"]
    back = notice_page(
        f, before=notice_page(f, after=notice_page(f, size=2).next_cursor, size=2).prev_cursor, size=2
    )
    assert [n.title for n in back.rows] == EXPECTED["道路"][:2] and back.prev_cursor is None


def test_an_unreadable_cursor_gives_the_first_page(client, corpus):
    """A tampered cursor is not an error page: the list starts again."""
    response = client.get("/notices/", {"after": "!!not-a-cursor"})
    assert response.status_code == 200 and "城市道路养护服务采购公告" in response.content.decode()


def test_the_list_page_counts_no_whole_table(client, corpus, django_assert_max_num_queries):
    """No exact COUNT(*) over the notices: counts stop at COUNT_CAP + 1 rows (LIMIT in a subquery)."""
    from django.test.utils import CaptureQueriesContext

    for params in ({}, {"kind": "award", "district": "310104"}, {"q": "道路"}):
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/notices/", params).status_code == 200
        counts = [q["sql"] for q in queries.captured_queries if re.search(r"COUNT\(\*\)", q["sql"], re.I)]
        assert counts and all(re.search(r"LIMIT \d+\) subquery", sql) for sql in counts), counts
