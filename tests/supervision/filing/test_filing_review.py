"""备案审核: an operator files a sub-platform's upgrade plan; the 综合管理部门 reviews it with reasons."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ggzy.core import powers
from ggzy.core.models import AuditRecord
from ggzy.supervision.filing.models import Filing, FilingDocument
from ggzy.supervision.filing.services import filing_decide, filing_start_review, filing_submit

from ..exchange import helpers
from ..exchange.ocds_samples import package, release

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4 upgrade plan"
UNIFIED = "上海市公共资源交易平台（建设工程交易分平台）"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world():
    works = helpers.entity("上海市住房和城乡建设管理委员会")
    goods = helpers.entity("上海市财政局")
    helpers.catalogue(works_regulators=[works], goods_regulators=[goods])
    source, token = helpers.registered_source()
    return {
        "token": token,
        "operator": helpers.user("operator", helpers.entity("上海市公共资源交易中心")),
        "admin": helpers.user("admin", helpers.entity("上海市发展和改革委员会")),
        "regulator": helpers.user("regulator", works),
    }


def submit(world, **overrides):
    data = {
        "actor": world["operator"],
        "platform_code": "jsgc",
        "title": "建设工程交易分平台电子化升级",
        "scope": "电子招投标全流程改造",
        "planned_start": dt.date(2026, 12, 1),
        "planned_end": dt.date(2027, 3, 31),
        "systems": [{"name": UNIFIED, "change": "rename"}],
        "documents": [SimpleUploadedFile("方案.pdf", PDF)],
    }
    data.update(overrides)
    return filing_submit(**data)


def push_good_data(client, token):
    body = package([release(n) for n in range(1, 4)])
    response = client.post(
        "/api/v1/exchange/releases",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 201


def test_filing_stores_systems_and_documents_with_their_digest(world):
    """A filing keeps scope, dates, systems and documents (under MEDIA_ROOT, SHA-256 recorded)."""
    filing = submit(world)
    assert filing.status == Filing.Status.SUBMITTED
    document = FilingDocument.objects.get(filing=filing)
    assert document.sha256 == hashlib.sha256(PDF).hexdigest()
    assert document.file.read() == PDF
    assert AuditRecord.objects.filter(action="filing.submitted").count() == 1


def test_renamed_system_must_carry_the_unified_name(world):
    """统一冠名 as in the catalogue: a renamed/introduced system without the unified name is refused, nothing stored."""
    with pytest.raises(Exception) as refused:
        submit(world, systems=[{"name": "建设工程交易系统", "change": "introduce"}])
    assert refused.value.code == "system_name_not_unified" and UNIFIED in refused.value.message
    assert Filing.objects.count() == 0


def test_only_operators_file_and_only_admin_reviews(world):
    """A regulator may not file; an operator or a regulator may not review."""
    with pytest.raises(Exception) as refused:
        submit(world, actor=world["regulator"])
    assert refused.value.code == "filing_forbidden"
    filing = submit(world)
    for actor in (world["operator"], world["regulator"]):
        with pytest.raises(Exception) as refused:
            filing_start_review(actor=actor, filing_id=filing.pk)
        assert refused.value.code == "filing_review_forbidden"
    filing.refresh_from_db()
    assert filing.status == Filing.Status.SUBMITTED


def test_approval_refused_below_the_quality_threshold(world, settings):
    """No (or poor) intake data: approval is refused with quality_below_threshold and the threshold in Chinese."""
    settings.GGZY_FILING_MIN_QUALITY = 60
    filing = submit(world)
    filing_start_review(actor=world["admin"], filing_id=filing.pk)
    with pytest.raises(Exception) as refused:
        filing_decide(actor=world["admin"], filing_id=filing.pk, approve=True, reason="同意")
    assert refused.value.code == "quality_below_threshold" and refused.value.status == 409
    assert "60" in refused.value.message and "门槛" in refused.value.message
    filing.refresh_from_db()
    assert filing.status == Filing.Status.UNDER_REVIEW and filing.decided_at is None


def test_approval_with_good_quality_names_the_power_in_the_record(world, client):
    """Good data quality: approved with reasons; the audit record names the power exercised."""
    push_good_data(client, world["token"])
    filing = submit(world)
    filing_start_review(actor=world["admin"], filing_id=filing.pk)
    filing_decide(actor=world["admin"], filing_id=filing.pk, approve=True, reason="方案可行，准予备案")
    filing.refresh_from_db()
    assert filing.status == Filing.Status.APPROVED and filing.quality_score >= 60
    record = AuditRecord.objects.filter(action="filing.transition").order_by("-id").first()
    assert record.payload["power"] == powers.FILING_REVIEW and record.payload["to"] == "approved"


def test_rejection_needs_reasons(world):
    """不予备案 without a reason is refused; with one it is recorded (quality does not block a rejection)."""
    filing = submit(world)
    filing_start_review(actor=world["admin"], filing_id=filing.pk)
    with pytest.raises(Exception) as refused:
        filing_decide(actor=world["admin"], filing_id=filing.pk, approve=False, reason=" ")
    assert refused.value.code == "filing_reason_required"
    filing_decide(actor=world["admin"], filing_id=filing.pk, approve=False, reason="材料不全")
    filing.refresh_from_db()
    assert filing.status == Filing.Status.REJECTED and filing.decision_reason == "材料不全"


def test_review_page_shows_quality_and_refuses_in_chinese(world, client):
    """The admin's review page shows the scores; approving a low-quality filing re-renders with the refusal."""
    filing = submit(world)
    filing_start_review(actor=world["admin"], filing_id=filing.pk)
    client.force_login(world["admin"])
    page = client.get(f"/supervision/filings/{filing.pk}/").content.decode()
    assert "数据质量考核" in page and "准予备案门槛" in page
    response = client.post(f"/supervision/filings/{filing.pk}/approve/", {"reason": "同意"})
    assert response.status_code == 422 and "低于备案准予门槛" in response.content.decode()
    client.force_login(world["regulator"])
    assert client.get(f"/supervision/filings/{filing.pk}/").status_code == 403


def test_operator_files_through_the_page(world, client):
    """The filing form: fields, a systems formset and documents."""
    client.force_login(world["operator"])
    assert client.get("/supervision/filings/new/").status_code == 200
    response = client.post(
        "/supervision/filings/new/",
        {
            "platform": "jsgc",
            "title": "升级",
            "scope": "范围",
            "planned_start": "2026-12-01",
            "planned_end": "2027-01-31",
            "systems-TOTAL_FORMS": "1",
            "systems-INITIAL_FORMS": "0",
            "systems-MIN_NUM_FORMS": "1",
            "systems-MAX_NUM_FORMS": "20",
            "systems-0-name": UNIFIED,
            "systems-0-change": "rename",
            "documents": SimpleUploadedFile("方案.pdf", PDF),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    filing = Filing.objects.get()
    assert filing.systems.get().name == UNIFIED and filing.documents.count() == 1
