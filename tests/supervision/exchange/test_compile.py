"""OCDS merge of releases into the compiled release."""

from __future__ import annotations

import pytest

from ggzy.supervision.exchange.compile import compile_releases


def rel(rid, date, **body):
    return {
        "ocid": "ocds-x-1",
        "id": rid,
        "date": date,
        "tag": ["tender"],
        "initiationType": "tender",
        **body,
    }


def test_newer_values_win_and_objects_merge_per_field():
    compiled = compile_releases(
        [
            rel("b", "2026-02-01T00:00:00+08:00", tender={"status": "complete"}),
            rel("a", "2026-01-01T00:00:00+08:00", tender={"id": "t", "status": "active", "title": "教学楼"}),
        ]
    )
    assert compiled["tender"] == {"id": "t", "status": "complete", "title": "教学楼"}
    assert compiled["tag"] == ["compiled"] and compiled["date"] == "2026-02-01T00:00:00+08:00"
    assert compiled["id"] == "ocds-x-1-2026-02-01T00:00:00+08:00"


def test_arrays_of_identified_objects_merge_by_id():
    compiled = compile_releases(
        [
            rel("a", "2026-01-01T00:00:00+08:00", parties=[{"id": "1", "name": "甲", "roles": ["buyer"]}]),
            rel(
                "b",
                "2026-01-02T00:00:00+08:00",
                parties=[{"id": "2", "name": "乙"}, {"id": "1", "roles": ["payer"]}],
            ),
        ]
    )
    assert compiled["parties"] == [{"id": "1", "name": "甲", "roles": ["payer"]}, {"id": "2", "name": "乙"}]


def test_other_arrays_are_replaced_and_null_removes():
    compiled = compile_releases(
        [
            rel(
                "a",
                "2026-01-01T00:00:00+08:00",
                tender={"id": "t", "submissionMethod": ["electronicSubmission"], "description": "旧"},
            ),
            rel(
                "b",
                "2026-01-02T00:00:00+08:00",
                tender={"submissionMethod": ["inPerson"], "description": None},
            ),
        ]
    )
    assert compiled["tender"] == {"id": "t", "submissionMethod": ["inPerson"]}


def test_no_releases():
    with pytest.raises(ValueError):
        compile_releases([])
