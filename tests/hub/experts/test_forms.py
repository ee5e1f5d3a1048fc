"""The draw request and the expert profile pages are Django forms mirroring ``DrawIn`` / ``ExpertIn``: draw
conditions are repeatable rows (``LineIn``: a specialty chosen from the specialty table, a count), never
``code*count`` lines in a textarea; the profile is no longer read by hand from ``request.POST``."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ggzy.hub.experts.models import Draw, Expert, Specialty
from ggzy.parties.roles import Role
from tests.helpers import client_for

from .conftest import id_number, uscc

pytestmark = pytest.mark.django_db

DRAWS = reverse("experts:draws")
PROFILE = reverse("experts:profile")


def draw_post(project, *lines, **overrides) -> dict:
    data = {
        "section_ref": "SH-FORM-1",
        "buyer_uscc": project["buyer"].uscc,
        "bidder_usccs": " ".join(b.uscc for b in project["bidders"]),
        "evaluation_at": "2026-12-02T09:00",
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": "0",
    }
    for n, (code, count) in enumerate(lines):
        data.update({f"lines-{n}-specialty": code, f"lines-{n}-count": count})
    data.update(overrides)
    return data


def test_the_draw_page_offers_specialties_from_the_table(clock, project):
    """GET: one condition row; its specialty is a choice among the table's drawable specialties."""
    response = client_for(project["agency_user"]).get(DRAWS)
    row = response.context["lines"].forms[0]
    codes = [str(value) for value, _ in row.fields["specialty"].choices if value]
    assert codes == list(Specialty.objects.filter(level__gte=2).values_list("code", flat=True))
    assert 'name="lines_text"' not in response.content.decode()


def test_two_condition_rows_make_two_lines(clock, project, make_expert):
    """Two rows → a draw with two lines and their counts."""
    response = client_for(project["agency_user"]).post(
        DRAWS, draw_post(project, ("A080101", "3"), ("C0101", "2"))
    )
    draw = Draw.objects.get(section_ref="SH-FORM-1")
    assert response.status_code == 302 and response["Location"] == reverse(
        "experts:draw", args=[draw.draw_id]
    )
    assert sorted(draw.lines.values_list("specialty_id", "count")) == [("A080101", 3), ("C0101", 2)]


def test_an_unknown_specialty_or_a_bad_count_is_an_error_on_its_row(clock, project):
    """A code outside the table and a zero count: 422, Chinese messages on their rows, what was typed kept."""
    post = draw_post(project, ("Z9999", "3"), ("A080101", "0"))
    response = client_for(project["agency_user"]).post(DRAWS, post)
    assert response.status_code == 422
    rows = response.context["lines"].forms
    assert rows[0].errors["specialty"] == ["评标专业代码不存在"]
    assert rows[1].errors["count"] == ["人数应为正整数"]
    assert 'value="SH-FORM-1"' in response.content.decode()
    assert not Draw.objects.exists()


def test_a_service_refusal_comes_back_on_the_form(clock, project):
    """An evaluation time too far ahead is the service's refusal: shown on the form (422), nothing stored."""
    post = draw_post(project, ("A080101", "3"), evaluation_at="2027-06-01T09:00")
    response = client_for(project["agency_user"]).post(DRAWS, post)
    assert response.status_code == 422 and response.context["form"].errors
    assert 'value="A080101" selected' in response.content.decode()
    assert not Draw.objects.exists()


def test_add_condition_row(clock, project):
    post = draw_post(project, ("A080101", "3"), add_row="lines")
    response = client_for(project["agency_user"]).post(DRAWS, post)
    assert response.status_code == 200 and len(response.context["lines"].forms) == 2
    assert not Draw.objects.exists()


def test_a_buyer_may_not_request_a_draw_for_another_entity(clock, project):
    """The buyer of another project's side is refused (403) and nothing is stored."""
    post = draw_post(project, ("A080101", "3"), buyer_uscc=project["bidders"][0].uscc)
    assert client_for(project["buyer_user"]).post(DRAWS, post).status_code == 403
    assert not Draw.objects.exists()


def profile_post(**overrides) -> dict:
    data = {
        "name": "李四",
        "id_number": id_number(88),
        "region": "闵行区",
        "specialties": ["A080101"],
        "employer_uscc": uscc(901),
        "employer_name": "院",
        "employer_since": "2012-03-01",
    }
    data.update(overrides)
    return data


def test_an_expert_registers_through_the_form(clock, make_user):
    user = make_user(Role.EXPERT)
    response = client_for(user).post(
        PROFILE,
        profile_post(
            former_uscc=uscc(902), former_name="所", former_since="2005-01-01", former_until="2012-02-01"
        ),
    )
    assert response.status_code == 302
    expert = Expert.objects.get(user=user)
    assert expert.status == "pending" and expert.employments.count() == 2


def test_a_missing_employer_date_is_an_error_on_its_field(clock, make_user):
    """The form, not hand parsing: a missing 入职日期 is a Chinese error on that field; nothing stored."""
    user = make_user(Role.EXPERT)
    response = client_for(user).post(PROFILE, profile_post(employer_since=""))
    assert response.status_code == 422 and response.context["form"].errors["employer_since"]
    assert 'value="李四"' in response.content.decode()
    assert not Expert.objects.exists()


def test_a_service_refusal_lands_on_the_field_it_names(clock, make_user):
    """A wrong ID number is refused by the service; the form comes back with the message."""
    user = make_user(Role.EXPERT)
    response = client_for(user).post(PROFILE, profile_post(id_number="110101199001011230"))
    assert response.status_code == 422
    assert response.context["form"].errors
    assert not Expert.objects.exists()


def test_a_registered_expert_updates_without_name_or_id(clock, make_user):
    """Once registered, the form asks neither name nor ID number again, and shows the stored values."""
    user = make_user(Role.EXPERT)
    client_for(user).post(PROFILE, profile_post())
    page = client_for(user).get(PROFILE)
    assert "name" not in page.context["form"].fields and page.context["form"]["region"].value() == "闵行区"
    response = client_for(user).post(PROFILE, profile_post(region="浦东新区"))
    assert response.status_code == 302
    assert Expert.objects.get(user=user).region == "浦东新区"
