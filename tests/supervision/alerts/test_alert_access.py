"""Nobody but the routed regulator sees an alert: API and pages, including attachments."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ggzy.supervision.redflags.models import Alert, AlertAttachment
from ggzy.supervision.redflags.services import alert_note_add

OTHERS = ["goods_regulator", "admin", "operator", "bidder"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def attachment(alert, world):
    event = alert_note_add(
        actor=world.works_regulator,
        alert_id=alert.pk,
        note="证据",
        files=[SimpleUploadedFile("证据.pdf", b"%PDF-1.4 evidence")],
    )
    return event.attachments.get()


def test_regulator_lists_and_reads_its_alert(client, alert, world):
    client.force_login(world.works_regulator)
    listed = client.get("/api/v1/redflags/alerts").json()
    assert [a["id"] for a in listed["items"]] == [alert.pk]
    detail = client.get(f"/api/v1/redflags/alerts/{alert.pk}").json()
    assert detail["flags"][0]["evidence"]["hardwareId"] == "HW-1"
    assert detail["regulators"][0]["name"] == "上海市住房和城乡建设管理委员会"


def test_regulator_handles_through_the_api(client, alert, world, attachment):
    client.force_login(world.works_regulator)
    response = client.post(
        f"/api/v1/redflags/alerts/{alert.pk}/transition",
        data={"to": "investigating", "note": "开始核查"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["status"] == "investigating"
    upload = client.post(
        f"/api/v1/redflags/alerts/{alert.pk}/notes",
        data={"note": "询问笔录", "files": SimpleUploadedFile("笔录.png", b"\x89PNG\r\n\x1a\nxx")},
    )
    assert upload.status_code == 200, upload.content
    assert AlertAttachment.objects.filter(alert=alert).count() == 2
    download = client.get(f"/api/v1/redflags/alerts/{alert.pk}/attachments/{attachment.pk}")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    bad = client.post(
        f"/api/v1/redflags/alerts/{alert.pk}/transition",
        data={"to": "confirmed"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["code"] == "note_required"


@pytest.mark.parametrize("who", OTHERS)
def test_api_hides_the_alert_from_everybody_else(client, alert, world, attachment, who):
    client.force_login(getattr(world, who))
    assert client.get("/api/v1/redflags/alerts").json()["items"] == []
    assert client.get(f"/api/v1/redflags/alerts/{alert.pk}").status_code == 404
    assert client.get(f"/api/v1/redflags/alerts/{alert.pk}/attachments/{attachment.pk}").status_code == 404
    response = client.post(
        f"/api/v1/redflags/alerts/{alert.pk}/transition",
        data={"to": "investigating"},
        content_type="application/json",
    )
    assert response.status_code == 404
    alert.refresh_from_db()
    assert alert.status == Alert.Status.PENDING


def test_api_needs_login(client, alert, attachment):
    assert client.get("/api/v1/redflags/alerts").status_code == 401
    assert client.get(f"/api/v1/redflags/alerts/{alert.pk}").status_code == 401
    assert client.get(f"/api/v1/redflags/alerts/{alert.pk}/attachments/{attachment.pk}").status_code == 401


def test_regulator_handles_through_the_pages(client, alert, world):
    client.force_login(world.works_regulator)
    page = client.get("/supervision/alerts/")
    assert page.status_code == 200 and "某学校教学楼新建工程施工" in page.content.decode()
    detail = client.get(f"/supervision/alerts/{alert.pk}/")
    assert detail.status_code == 200 and "GGZY-SAME-DEVICE" in detail.content.decode()
    response = client.post(
        f"/supervision/alerts/{alert.pk}/transition/", {"to": "investigating", "note": "核查"}
    )
    assert response.status_code == 302
    response = client.post(
        f"/supervision/alerts/{alert.pk}/transition/",
        {
            "to": "confirmed",
            "note": "属实，移送处理",
            "files": SimpleUploadedFile("决定书.pdf", b"%PDF-1.4 x"),
        },
    )
    alert.refresh_from_db()
    assert alert.status == Alert.Status.CONFIRMED and alert.attachments.count() == 1


def test_page_shows_the_error_of_a_refused_step(client, alert, world):
    client.force_login(world.works_regulator)
    response = client.post(
        f"/supervision/alerts/{alert.pk}/transition/", {"to": "confirmed", "note": "x"}, follow=True
    )
    assert "不能变更" in response.content.decode()
    alert.refresh_from_db()
    assert alert.status == Alert.Status.PENDING


@pytest.mark.parametrize("who", ["goods_regulator", "admin"])
def test_pages_hide_the_alert_from_other_supervisors(client, alert, world, attachment, who):
    client.force_login(getattr(world, who))
    assert "某学校教学楼新建工程施工" not in client.get("/supervision/alerts/").content.decode()
    assert client.get(f"/supervision/alerts/{alert.pk}/").status_code == 404
    assert client.get(f"/supervision/alerts/{alert.pk}/attachments/{attachment.pk}/").status_code == 404
    assert (
        client.post(f"/supervision/alerts/{alert.pk}/transition/", {"to": "investigating"}).status_code == 404
    )
    alert.refresh_from_db()
    assert alert.status == Alert.Status.PENDING


@pytest.mark.parametrize("who", ["operator", "bidder"])
def test_pages_refuse_other_roles(client, alert, world, attachment, who):
    client.force_login(getattr(world, who))
    assert client.get("/supervision/alerts/").status_code == 403
    assert client.get(f"/supervision/alerts/{alert.pk}/").status_code == 403
    assert client.get(f"/supervision/alerts/{alert.pk}/attachments/{attachment.pk}/").status_code == 403
    assert client.post(f"/supervision/alerts/{alert.pk}/note/", {"note": "x"}).status_code == 403
    assert alert.events.count() == 2


def test_pages_send_anonymous_to_login(client, alert, attachment):
    for url in (
        "/supervision/alerts/",
        f"/supervision/alerts/{alert.pk}/",
        f"/supervision/alerts/{alert.pk}/attachments/{attachment.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]
