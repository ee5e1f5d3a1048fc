"""The new-tender page is a Django form mirroring ``TenderIn``: the sections are repeatable rows
(``SectionIn``: title, estimatedPrice, ceilingPrice), never ``名称|估算价|最高限价`` lines in a textarea."""

from decimal import Decimal

import pytest
from django.urls import reverse

from ggzy.trading.tendering.models import Section, Tender

from .conftest import START

pytestmark = pytest.mark.django_db

NEW = reverse("tendering:new")


def tender_post(parties, *rows, **overrides) -> dict:
    """The page's POST: the tender's fields and one ``sections-N-*`` group per row."""
    data = {
        "procedure_type": "works-open",
        "catalogue_code": "GC01",
        "title": "表单创建的项目",
        "buyer": parties["buyer"].entity.uscc,
        "district": "310115",
        "tender_period_end": "2026-03-23T09:30:00",
        "opening_window_minutes": "30",
        "sections-TOTAL_FORMS": str(len(rows)),
        "sections-INITIAL_FORMS": "0",
        "sections-MIN_NUM_FORMS": "1",
        "sections-MAX_NUM_FORMS": "999",
    }
    for n, row in enumerate(rows):
        data.update({f"sections-{n}-{k}": v for k, v in row.items()})
    data.update(overrides)
    return data


def test_the_page_offers_section_rows_and_the_procedures_from_the_table(parties, clock_at, client_for):
    """GET: one empty section row (title, 估算价, 最高投标限价) and the active procedure types as choices."""
    clock_at(START)
    response = client_for(parties["buyer"]).get(NEW)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="sections-0-title"' in body and 'name="sections-0-estimated_price"' in body
    assert 'name="sections-0-ceiling_price"' in body and 'name="sections"' not in body
    assert 'value="works-open"' in body
    assert response.context["form"]["buyer"].value() == parties["buyer"].entity.uscc


def test_two_section_rows_create_two_sections(parties, clock_at, client_for):
    """Two filled rows → a draft tender with sections 1 and 2 and their amounts (commas accepted)."""
    clock_at(START)
    post = tender_post(
        parties,
        {"title": "施工", "estimated_price": "5,000,000", "ceiling_price": "4900000"},
        {"title": "监理", "estimated_price": "300000", "ceiling_price": ""},
    )
    response = client_for(parties["buyer"]).post(NEW, post)
    assert response.status_code == 302, response.content.decode()[:1500]
    tender = Tender.objects.get(title="表单创建的项目")
    rows = list(tender.sections.order_by("number").values_list("title", "estimated_amount", "ceiling_amount"))
    assert rows == [
        ("施工", Decimal("5000000.00"), Decimal("4900000.00")),
        ("监理", Decimal("300000.00"), None),
    ]
    assert response["Location"] == reverse("tendering:detail", kwargs={"tender_id": tender.pk})


def test_a_bad_amount_is_an_error_on_its_row_and_everything_typed_comes_back(parties, clock_at, client_for):
    """An amount that is no number: 422, the Chinese message on that row's 估算价, nothing created, the typed
    rows re-rendered."""
    clock_at(START)
    post = tender_post(
        parties,
        {"title": "施工", "estimated_price": "5000000"},
        {"title": "监理", "estimated_price": "三十万"},
    )
    response = client_for(parties["buyer"]).post(NEW, post)
    assert response.status_code == 422
    rows = response.context["sections"].forms
    assert rows[1].errors["estimated_price"] == ["估算价（元）格式不正确"] and not rows[0].errors
    body = response.content.decode()
    assert 'value="三十万"' in body and 'value="监理"' in body and 'value="表单创建的项目"' in body
    assert not Tender.objects.exists()


def test_a_service_refusal_naming_a_row_lands_on_that_row(parties, clock_at, client_for):
    """The service refuses section 2's amount (``sections.2.estimatedPrice``, zero): the message is on row 2."""
    clock_at(START)
    post = tender_post(
        parties, {"title": "施工", "estimated_price": "5000000"}, {"title": "监理", "estimated_price": "0"}
    )
    response = client_for(parties["buyer"]).post(NEW, post)
    assert response.status_code == 422
    rows = response.context["sections"].forms
    assert rows[1].errors["estimated_price"] == ["金额必须为正数"]
    assert not Section.objects.exists()


def test_a_refused_deadline_is_shown_on_its_field(parties, clock_at, client_for):
    """A deadline in the past is refused by the service; the message sits on 投标截止时间."""
    clock_at(START)
    post = tender_post(
        parties, {"title": "施工", "estimated_price": "5000000"}, tender_period_end="2026-03-01T09:00"
    )
    response = client_for(parties["buyer"]).post(NEW, post)
    assert response.status_code == 422
    assert response.context["form"].non_field_errors() == ["投标截止时间必须晚于当前时间"]


def test_add_row_re_renders_with_one_more_row_and_creates_nothing(parties, clock_at, client_for):
    """The "增加标段" button: the page comes back with the typed row and a new blank one; nothing saved."""
    clock_at(START)
    post = tender_post(parties, {"title": "施工", "estimated_price": "5000000"}, add_row="sections")
    response = client_for(parties["buyer"]).post(NEW, post)
    assert response.status_code == 200
    assert len(response.context["sections"].forms) == 2
    body = response.content.decode()
    assert 'name="sections-1-title"' in body and 'value="施工"' in body
    assert not Tender.objects.exists()


def test_a_deleted_or_blank_row_is_not_a_section(parties, clock_at, client_for):
    """A row ticked 删除此行 and a blank extra row are left out."""
    clock_at(START)
    post = tender_post(
        parties,
        {"title": "施工", "estimated_price": "5000000"},
        {"title": "作废", "estimated_price": "1", "DELETE": "on"},
        {"title": "", "estimated_price": "", "ceiling_price": ""},
    )
    assert client_for(parties["buyer"]).post(NEW, post).status_code == 302
    assert list(Section.objects.values_list("title", flat=True)) == ["施工"]


def test_no_section_row_is_refused_in_chinese(parties, clock_at, client_for):
    """The first row is required: an empty one is an error on its title."""
    clock_at(START)
    response = client_for(parties["buyer"]).post(
        NEW, tender_post(parties, {"title": "", "estimated_price": ""})
    )
    assert response.status_code == 422
    assert response.context["sections"].forms[0].errors["title"] == ["请填写标段名称"]


def test_bidders_may_not_open_the_page(parties, client_for):
    """Only a buyer or an agency drafts a tender."""
    assert client_for(parties["bidders"][0]).get(NEW).status_code == 403
    assert client_for(parties["bidders"][0]).post(NEW, tender_post(parties)).status_code == 403
    assert not Tender.objects.exists()
