"""Procedure types are configuration rows, listed by the API; project codes follow domain-rules §7."""

import datetime as dt

import pytest

from ggzy.core.exceptions import InvalidInput
from ggzy.core.legal_rules import cite
from ggzy.trading.tendering.codes import child_code, is_project_code, next_project_code
from ggzy.trading.tendering.models import ProcedureType

pytestmark = pytest.mark.django_db


def test_three_procedure_types_are_seeded_with_their_legal_basis(client):
    body = client.get("/api/v1/procedure-types").json()
    codes = [p["code"] for p in body["items"]]
    assert codes == ["works-open", "works-invited", "gp-open"]
    gp = body["items"][2]
    assert gp["saleDays"] == 5 and gp["saleDaysWorking"] is True
    assert gp["minBidDays"] == 20 and gp["bidDaysWorking"] is False
    assert gp["legalRuleIds"]["sale_days"] == "87号令18" and cite("87号令18") in gp["legalBasis"]["sale_days"]
    works = body["items"][0]
    assert works["minBidders"] == 3 and works["depositCapPercent"] == "2.00"
    assert cite("法24") in works["legalBasis"]["min_bid_days"]


def test_a_new_procedure_type_is_a_row_not_code(client):
    ProcedureType.objects.create(
        code="works-open-short",
        name="试点",
        sector="works",
        min_bid_days=10,
        sale_days=5,
        clarification_lead_days=15,
        min_bidders=3,
        deposit_cap_percent="2",
        publicity_days=3,
        sort_order=99,
    )
    assert "works-open-short" in [p["code"] for p in client.get("/api/v1/procedure-types").json()["items"]]


def test_project_codes_are_17_then_plus_3_per_level():
    first = next_project_code(industry="E", region="310115", on=dt.date(2026, 3, 2))
    second = next_project_code(industry="E", region="310115", on=dt.date(2026, 3, 2))
    assert first == "E3101152603020001" and second == "E3101152603020002"
    assert len(first) == 17 and is_project_code(first)
    assert child_code(first, 1) == "E3101152603020001001"
    assert len(child_code(child_code(first, 1), 12)) == 23


def test_bad_industry_letter_is_refused():
    with pytest.raises(InvalidInput) as err:
        next_project_code(industry="Z", region="310115", on=dt.date(2026, 3, 2))
    assert err.value.code == "invalid_industry"
