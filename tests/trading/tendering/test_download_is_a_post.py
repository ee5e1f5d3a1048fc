"""Writes never happen on GET: downloading the tender documents is logged (who, when), so the page's button
POSTs (with its CSRF token) and the API operation is a POST; a GET of either address records nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from ggzy.trading.tendering.models import DocumentDownload
from ggzy.trading.tendering.services.participation import registration_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def bidder(published, parties):
    user = parties["bidders"][0]
    registration_create(actor=user, section=published.sections.get())
    return user


def test_a_get_of_the_download_address_writes_nothing_and_goes_to_the_tender_page(
    published, bidder, client_for
):
    """Given a registered bidder, when they GET the download address, then nothing is logged and they land on
    the tender page, whose button is the way to download."""
    response = client_for(bidder).get(reverse("tendering:documents", args=[published.pk]))
    assert response.status_code == 302 and response["Location"] == reverse(
        "tendering:detail", args=[published.pk]
    )
    assert not DocumentDownload.objects.exists()


def test_the_tender_page_downloads_by_a_posted_form(published, bidder, client_for):
    """The tender page offers a form POSTing to the download address (no link); posting it logs and serves."""
    client = client_for(bidder)
    page = client.get(reverse("tendering:detail", args=[published.pk])).content.decode()
    url = reverse("tendering:documents", args=[published.pk])
    assert f'action="{url}"' in page and f'href="{url}"' not in page
    response = client.post(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert "工期" in response.content.decode()
    assert DocumentDownload.objects.filter(entity=bidder.entity).count() == 1


def test_the_download_post_needs_the_csrf_token(published, bidder):
    """Like every write from a page, the download form carries the CSRF token; without it nothing is logged."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(bidder)
    assert client.post(reverse("tendering:documents", args=[published.pk])).status_code == 403
    assert not DocumentDownload.objects.exists()


def test_the_api_download_is_a_post(published, bidder, client_for):
    """``GET /api/v1/tenders/{id}/documents`` is not an operation (405, nothing logged); the POST logs."""
    client = client_for(bidder)
    url = f"/api/v1/tenders/{published.pk}/documents"
    assert client.get(url).status_code == 405
    assert not DocumentDownload.objects.exists()
    response = client.post(url)
    assert response.status_code == 200 and "工期" in response.json()["documents"]
    assert DocumentDownload.objects.count() == 1
