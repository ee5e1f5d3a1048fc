from __future__ import annotations

import pytest

from ggzy.supervision.redflags.services import ProcessInfo, alerts_from_scan
from tests.supervision.exchange import helpers

OCID = "ocds-test01-000001"


def scan_result(*, ocid: str = OCID, score: float = 0.91, groups: list | None = None) -> dict:
    """A scan result in the FLAGS.json shape (spec redflags.md §2)."""
    return {
        "engine": {"version": "test", "generatedAt": "2026-03-10T12:00:00+08:00"},
        "input": {"lines": 1, "releases": 1, "bids": 3, "skippedLines": 0},
        "tenders": [
            {
                "ocid": ocid,
                "score": score,
                "flags": [
                    {
                        "code": "GGZY-SAME-DEVICE",
                        "severity": "high",
                        "message": "两家投标人的投标文件出自同一台电脑",
                        "evidence": {"hardwareId": "HW-1", "bids": ["b1", "b2"]},
                    },
                    {
                        "code": "GGZY-LOW-CV",
                        "severity": "medium",
                        "message": "报价离散度异常低",
                        "evidence": {"cv": 0.003},
                    },
                ],
            }
        ],
        "bidders": [],
        "groups": groups or [],
    }


@pytest.fixture
def world(db):
    class World:
        works = helpers.entity("上海市住房和城乡建设管理委员会")
        goods = helpers.entity("上海市财政局")
        helpers.catalogue(works_regulators=[works], goods_regulators=[goods])
        works_regulator = helpers.user(helpers.REGULATOR, works)
        goods_regulator = helpers.user(helpers.REGULATOR, goods)
        admin = helpers.user(helpers.ADMIN)
        operator = helpers.user("operator")
        bidder = helpers.user("bidder", helpers.entity("某建设公司", kind="enterprise"))

    return World


@pytest.fixture
def alert(world):
    processes = {
        OCID: ProcessInfo(
            ocid=OCID,
            title="某学校教学楼新建工程施工",
            catalogue_code="A01",
            district="浦东新区",
            source="intake:jsgc",
        )
    }
    (created,) = alerts_from_scan(result=scan_result(), processes=processes)
    return created
