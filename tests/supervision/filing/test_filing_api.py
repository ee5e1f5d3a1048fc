"""备案审核 and 权责清单 over the JSON API (/api/v1/filings, /api/v1/powers): the same services as the pages."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ggzy.core import powers
from ggzy.core.models import AuditRecord
from ggzy.supervision.filing.models import Filing, FilingDocument, FilingSystem
from tests.helpers import client_for

from ..exchange import helpers
from .test_filing_review import PDF, UNIFIED, push_good_data

pytestmark = pytest.mark.django_db

BODY = {
    "platform": "jsgc",
    "title": "建设工程交易分平台电子化升级",
    "scope": "电子招投标全流程改造",
    "plannedStart": "2026-12-01",
    "plannedEnd": "2027-03-31",
    "systems": [
        {"name": UNIFIED, "change": "rename", "description": "统一冠名"},
        {"name": "电子开标系统", "change": "upgrade"},
    ],
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world():
    works = helpers.entity("上海市住房和城乡建设管理委员会")
    goods = helpers.entity("上海市财政局")
    helpers.catalogue(works_regulators=[works], goods_regulators=[goods])
    source, token = helpers.registered_source()
    center = helpers.entity("上海市公共资源交易中心")
    return {
        "token": token,
        "operator": helpers.user("operator", center),
        "operator2": helpers.user("operator", center),
        "admin": helpers.user("admin", helpers.entity("上海市发展和改革委员会")),
        "regulator": helpers.user("regulator", works),
        "bidder": helpers.user("bidder", helpers.entity("上海某建设有限公司")),
    }


def post(client, path, body=None):
    return client.post(path, data=json.dumps(body or {}), content_type="application/json")


def file_one(world, **overrides) -> int:
    response = post(client_for(world["operator"]), "/api/v1/filings", {**BODY, **overrides})
    assert response.status_code == 201, response.content
    return response.json()["id"]


def writes() -> tuple[int, int, int, int]:
    return (
        Filing.objects.count(),
        FilingSystem.objects.count(),
        FilingDocument.objects.count(),
        AuditRecord.objects.filter(action__startswith="filing.").count(),
    )


def test_full_flow_file_upload_review_approve(world, client):
    """Operator files (JSON) and uploads a document (multipart); the admin sees the quality scores, starts
    the review and approves with reasons; the audit records name the power."""
    push_good_data(client, world["token"])
    operator, admin = client_for(world["operator"]), client_for(world["admin"])
    created = post(operator, "/api/v1/filings", BODY)
    assert created.status_code == 201
    filing = created.json()
    assert filing["status"] == "submitted" and filing["statusLabel"] == "已提交"
    assert [s["change"] for s in filing["systems"]] == ["rename", "upgrade"]
    assert filing["platform"]["code"] == "jsgc" and filing["plannedEnd"] == "2027-03-31"

    uploaded = operator.post(
        f"/api/v1/filings/{filing['id']}/documents", {"files": [SimpleUploadedFile("方案.pdf", PDF)]}
    )
    assert uploaded.status_code == 200, uploaded.content
    [document] = uploaded.json()["documents"]
    assert document["sha256"] == hashlib.sha256(PDF).hexdigest() and document["name"] == "方案.pdf"
    assert FilingDocument.objects.get().file.read() == PDF

    listed = admin.get("/api/v1/filings").json()
    assert [f["id"] for f in listed["items"]] == [filing["id"]]
    detail = admin.get(f"/api/v1/filings/{filing['id']}").json()
    assert detail["canStartReview"] and not detail["canDecide"]
    assert detail["quality"]["threshold"] == 60 and detail["quality"]["score"] >= 60
    assert len(detail["quality"]["months"]) == 3 and detail["quality"]["sufficient"]

    reviewed = post(admin, f"/api/v1/filings/{filing['id']}/review")
    assert reviewed.status_code == 200 and reviewed.json()["status"] == "under_review"
    decided = post(
        admin, f"/api/v1/filings/{filing['id']}/decision", {"decision": "approve", "reason": "方案可行"}
    )
    assert decided.status_code == 200, decided.content
    body = decided.json()
    assert body["status"] == "approved" and body["decisionReason"] == "方案可行"
    assert body["qualityScoreAtDecision"] >= 60 and body["decidedAt"]
    records = AuditRecord.objects.filter(action="filing.transition").order_by("id")
    assert [r.payload["to"] for r in records] == ["under_review", "approved"]
    assert all(r.payload["power"] == powers.FILING_REVIEW for r in records)
    assert AuditRecord.objects.filter(action="filing.documents_added").count() == 1


def test_rejection_through_the_api_needs_reasons(world):
    """不予备案 without reasons: 422 filing_reason_required, status unchanged; with reasons it is recorded."""
    filing_id = file_one(world)
    admin = client_for(world["admin"])
    assert post(admin, f"/api/v1/filings/{filing_id}/review").status_code == 200
    refused = post(admin, f"/api/v1/filings/{filing_id}/decision", {"decision": "reject", "reason": " "})
    assert refused.status_code == 422 and refused.json()["code"] == "filing_reason_required"
    assert Filing.objects.get().status == Filing.Status.UNDER_REVIEW
    done = post(admin, f"/api/v1/filings/{filing_id}/decision", {"decision": "reject", "reason": "材料不全"})
    assert done.status_code == 200 and done.json()["status"] == "rejected"


def test_approval_below_the_quality_threshold_is_refused_and_nothing_written(world, settings):
    """No intake data: 409 quality_below_threshold (the threshold in the Chinese message); nothing changes."""
    settings.GGZY_FILING_MIN_QUALITY = 60
    filing_id = file_one(world)
    admin = client_for(world["admin"])
    post(admin, f"/api/v1/filings/{filing_id}/review")
    before = writes()
    refused = post(admin, f"/api/v1/filings/{filing_id}/decision", {"decision": "approve", "reason": "同意"})
    assert refused.status_code == 409
    error = refused.json()
    assert error["code"] == "quality_below_threshold" and "60" in error["message"]
    assert error["details"]["threshold"] == 60
    filing = Filing.objects.get()
    assert filing.status == Filing.Status.UNDER_REVIEW and filing.decided_at is None
    assert writes() == before


def test_system_without_the_unified_name_is_refused_with_the_page_code(world):
    """统一冠名: a renamed system without the unified name is refused (system_name_not_unified); nothing stored."""
    response = post(
        client_for(world["operator"]),
        "/api/v1/filings",
        {**BODY, "systems": [{"name": "建设工程交易系统", "change": "introduce"}]},
    )
    assert response.status_code == 422
    assert response.json()["code"] == "system_name_not_unified"
    assert response.json()["details"]["expected"] == UNIFIED
    assert writes() == (0, 0, 0, 0)


def test_filing_needs_systems_and_a_registered_platform(world):
    """The service's refusals come through: no systems, unknown sub-platform, end before start."""
    operator = client_for(world["operator"])
    cases = [
        ({"systems": []}, 422, "filing_systems_required"),
        ({"platform": "nope"}, 404, "sub_platform_not_found"),
        ({"plannedEnd": "2026-11-01"}, 422, "invalid_filing_dates"),
    ]
    for override, status, code in cases:
        response = post(operator, "/api/v1/filings", {**BODY, **override})
        assert (response.status_code, response.json()["code"]) == (status, code), override
    assert writes() == (0, 0, 0, 0)


@pytest.mark.parametrize("who", ["bidder", "regulator", "admin"])
def test_only_operators_file(world, who):
    """A bidder or regulator (403 filing_forbidden) and the reviewer itself may not file; nothing is written."""
    response = post(client_for(world[who]), "/api/v1/filings", BODY)
    assert response.status_code == 403 and response.json()["code"] == "filing_forbidden"
    assert writes() == (0, 0, 0, 0)


@pytest.mark.parametrize("who", ["bidder", "regulator"])
def test_others_may_not_see_filings(world, who):
    """As on the pages: only the admin and operators see filings; a bidder or regulator gets 403."""
    filing_id = file_one(world)
    client = client_for(world[who])
    for path in ("/api/v1/filings", f"/api/v1/filings/{filing_id}"):
        response = client.get(path)
        assert response.status_code == 403 and response.json()["code"] == "filing_forbidden", path


def test_anonymous_callers_get_401(world, client):
    """Without a session or token every filing endpoint answers 401."""
    filing_id = file_one(world)
    for response in (
        client.get("/api/v1/filings"),
        client.get(f"/api/v1/filings/{filing_id}"),
        post(client, "/api/v1/filings", BODY),
        post(client, f"/api/v1/filings/{filing_id}/review"),
        post(client, f"/api/v1/filings/{filing_id}/decision", {"decision": "reject", "reason": "x"}),
        client.post(f"/api/v1/filings/{filing_id}/documents", {"files": [SimpleUploadedFile("a.pdf", PDF)]}),
    ):
        assert response.status_code == 401 and response.json()["code"] == "not_authenticated"
    assert Filing.objects.get().status == Filing.Status.SUBMITTED


@pytest.mark.parametrize("who", ["operator", "operator2", "regulator", "bidder"])
def test_only_the_admin_reviews_and_decides(world, who):
    """The filing operator, another operator, a regulator or a bidder may not start the review or decide
    (operators: filing_review_forbidden; the others are refused before they see the filing)."""
    filing_id = file_one(world)
    client = client_for(world[who])
    expected = "filing_review_forbidden" if who.startswith("operator") else "filing_forbidden"
    before = writes()
    response = post(client, f"/api/v1/filings/{filing_id}/review")
    assert (response.status_code, response.json()["code"]) == (403, expected)
    post(client_for(world["admin"]), f"/api/v1/filings/{filing_id}/review")
    before = writes()
    response = post(
        client, f"/api/v1/filings/{filing_id}/decision", {"decision": "approve", "reason": "同意"}
    )
    assert (response.status_code, response.json()["code"]) == (403, expected)
    assert Filing.objects.get().status == Filing.Status.UNDER_REVIEW and writes() == before


def test_documents_are_checked_like_alert_attachments_and_closed_once_under_review(world):
    """A file that is not what its extension says is refused (nothing stored); after the review starts no
    document may be added (409 filing_documents_closed); a regulator may not upload."""
    filing_id = file_one(world)
    operator = client_for(world["operator"])
    path = f"/api/v1/filings/{filing_id}/documents"
    bad = operator.post(path, {"files": [SimpleUploadedFile("方案.pdf", b"MZ not a pdf")]})
    assert bad.status_code == 422 and bad.json()["code"] == "attachment_type"
    assert FilingDocument.objects.count() == 0
    refused = client_for(world["regulator"]).post(path, {"files": [SimpleUploadedFile("a.pdf", PDF)]})
    assert refused.status_code == 403 and FilingDocument.objects.count() == 0
    empty = operator.post(path, {})
    assert empty.status_code == 422 and empty.json()["code"] == "filing_documents_required"
    too_many = operator.post(path, {"files": [SimpleUploadedFile(f"{n}.pdf", PDF) for n in range(6)]})
    assert too_many.json()["code"] == "too_many_attachments" and FilingDocument.objects.count() == 0
    post(client_for(world["admin"]), f"/api/v1/filings/{filing_id}/review")
    closed = operator.post(path, {"files": [SimpleUploadedFile("a.pdf", PDF)]})
    assert closed.status_code == 409 and closed.json()["code"] == "filing_documents_closed"
    assert FilingDocument.objects.count() == 0


def test_unknown_filing_is_404(world):
    """A filing id that does not exist: 404 filing_not_found."""
    response = client_for(world["admin"]).get("/api/v1/filings/999999")
    assert response.status_code == 404 and response.json()["code"] == "filing_not_found"


def test_powers_endpoint_is_public_and_matches_the_page(client, world):
    """Anonymous: every department of the page with its powers, legal basis and workflow path."""
    response = client.get("/api/v1/powers")
    assert response.status_code == 200
    departments = response.json()["departments"]
    page = client.get("/quanze/").content.decode()
    for department in departments:
        assert department["name"] in page
        assert {p["code"] for p in department["powers"]} <= {p.code for p in powers.POWERS}
        for power in department["powers"]:
            assert power["legalBasis"] in page
            if power["workflowUrl"]:
                assert f'href="{power["workflowUrl"]}"' in page
    admin = departments[0]
    assert admin["kind"] == "公共资源交易综合管理部门"
    review = next(p for p in admin["powers"] if p["code"] == powers.FILING_REVIEW)
    assert review["workflowUrl"] == "/supervision/filings/"
    works = next(d for d in departments if d["name"] == "上海市住房和城乡建设管理委员会")
    assert "A01 房屋建筑和市政基础设施工程" in works["sectors"]
    assert [p["workflowUrl"] for p in works["powers"]].count(None) == 2  # 即将上线


def test_powers_endpoint_declares_no_security(client):
    """The 权责清单 is public: the OpenAPI operation carries no security requirement."""
    doc = client.get("/api/v1/openapi.json").json()
    assert "security" not in doc["paths"]["/api/v1/powers"]["get"]
