"""Finding 4: draw squatting with a lookalike section code.

Agency B asked for a draw of agency A's section by sending the code with a leading space; the stored
code was stripped, so agency A then got 409 ``draw_exists``. Identifiers are now cleaned once, before
the lookup and the authorisation, on the API and on the page alike.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.test import Client

from ggzy.core.models import AuditRecord
from ggzy.hub.experts.models import Draw
from ggzy.trading.tendering.codes import new_draft_ref
from ggzy.trading.tendering.models import ProcedureType, Section, Tender, TradingProject

from .conftest import T0

pytestmark = pytest.mark.django_db
_seq = itertools.count(1)


def platform_section(project) -> Section:
    """A published section of the platform, tendered by the project's buyer through agency A."""
    n = next(_seq)
    code = f"E3101152611{n:02d}0001001"
    buyer_user = project["buyer_user"]
    trading = TradingProject.objects.create(
        code=code[:17],
        title="道路工程",
        buyer=project["buyer"],
        industry_code="E",
        region_code="310115",
        created_at=T0,
    )
    tender = Tender.objects.create(
        project=trading,
        code=code[:20],
        procedure_type=ProcedureType.objects.get(code="works-open"),
        catalogue_code="A01",
        district="310115",
        title="某道路改建工程",
        buyer=project["buyer"],
        agency=project["agency"],
        created_by=buyer_user,
        status="published",
        tender_period_end=T0,
        opening_at=T0,
        published_at=T0 - dt.timedelta(days=25),
        created_at=T0 - dt.timedelta(days=26),
        draft_ref=new_draft_ref(),
    )
    return Section.objects.create(
        tender=tender, code=code, number=1, title="施工", status="opened", estimated_amount=Decimal("1000000")
    )


def body(section_id: str, project, agency) -> dict:
    return {
        "sectionId": section_id,
        "buyerUscc": project["buyer"].uscc,
        "agencyUscc": agency.uscc,
        "bidderUsccs": [b.uscc for b in project["bidders"]],
        "regulatorUsccs": [],
        "evaluationAt": (T0 + dt.timedelta(hours=24)).isoformat(),
        "lines": [{"specialty": "A080101", "count": 3}],
    }


def api_post(user, data: dict):
    c = Client()
    c.force_login(user)
    return c.post("/api/v1/draws", data=data, content_type="application/json")


@pytest.mark.parametrize("lookalike", [" {code}", "{code} ", "\t{code}\u3000", "\u200b{code}", "{lower}"])
def test_other_agency_cannot_squat_a_section_with_a_lookalike_code_on_the_api(clock, project, lookalike):
    """Finding 4: agency B sends agency A's section code with blanks (or another letter case) → 403, nothing
    stored; agency A then requests its draw successfully."""
    section = platform_section(project)
    squatter = project["other_agency_user"]
    sent = lookalike.format(code=section.code, lower=section.code.lower())
    refused = api_post(squatter, body(sent, project, squatter.entity))
    assert refused.status_code == 403, refused.content
    assert refused.json()["code"] == "not_project_agency"
    assert not Draw.objects.exists()
    assert not AuditRecord.objects.filter(action="draw.committed").exists()

    ok = api_post(project["agency_user"], body(section.code, project, project["agency"]))
    assert ok.status_code == 200, ok.content
    draw = Draw.objects.get()
    assert draw.section_id == section.pk and draw.section_ref == section.code
    assert draw.agency_uscc == project["agency"].uscc


def test_other_agency_cannot_squat_a_section_through_the_page(clock, project):
    """Finding 4: the same on the draw request page: agency B's lookalike code is refused (403), nothing
    stored, and agency A's request then succeeds."""
    section = platform_section(project)
    form = {
        "section_ref": f"  {section.code}",
        "buyer_uscc": project["buyer"].uscc,
        "evaluation_at": (T0 + dt.timedelta(hours=24))
        .astimezone(dt.timezone(dt.timedelta(hours=8)))
        .replace(tzinfo=None)
        .isoformat(timespec="minutes"),
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-0-specialty": "A080101",
        "lines-0-count": "3",
        "bidder_usccs": "",
        "regulator_usccs": "",
    }
    c = Client()
    c.force_login(project["other_agency_user"])
    assert c.post("/draws/", data=form).status_code == 403
    assert not Draw.objects.exists()

    c.force_login(project["agency_user"])
    response = c.post("/draws/", data=form)
    assert response.status_code == 302, response.content.decode()[:500]
    assert Draw.objects.get().section_id == section.pk


def test_rightful_agency_lookalike_code_names_its_own_section(clock, project):
    """Finding 4: agency A itself may send its code with blanks: it is cleaned to the section, and a second
    request (any spelling) is the same section → 409 ``draw_exists``."""
    section = platform_section(project)
    assert (
        api_post(project["agency_user"], body(f" {section.code} ", project, project["agency"])).status_code
        == 200
    )
    assert Draw.objects.get().section_ref == section.code
    again = api_post(project["agency_user"], body(section.code.lower(), project, project["agency"]))
    assert again.status_code == 409 and again.json()["code"] == "draw_exists"


def test_a_reference_of_another_system_reserves_nothing_for_other_agencies(clock, project, request_draw):
    """Finding 4: a section of another trading system (no platform row) cannot be reserved by a second agency
    for the first one: each agency's own draws only block that agency."""
    squatter = project["other_agency_user"]
    request_draw(actor=squatter, section=" SH-2026-009-01", agency_uscc=squatter.entity.uscc)
    assert Draw.objects.get().section_ref == "SH-2026-009-01"
    mine = request_draw(section="SH-2026-009-01")
    assert mine.agency_uscc == project["agency"].uscc
    resp = api_post(project["agency_user"], body("SH-2026-009-01 ", project, project["agency"]))
    assert resp.status_code == 409 and resp.json()["code"] == "draw_exists"


def test_draw_ids_and_expert_codes_are_cleaned_before_lookup(clock, project, request_draw):
    """Finding 4 (audit of identifier lookups): a draw id with blanks reads the same draw, never another."""
    draw = request_draw()
    c = Client()
    c.force_login(project["agency_user"])
    assert c.get(f"/api/v1/draws/%20{draw.draw_id}%20").json()["drawId"] == draw.draw_id
    assert c.get(f"/api/v1/draws/%20{draw.draw_id}/progress").json()["drawId"] == draw.draw_id
    c.force_login(project["other_agency_user"])
    assert c.get(f"/api/v1/draws/%20{draw.draw_id}/progress").status_code == 404
