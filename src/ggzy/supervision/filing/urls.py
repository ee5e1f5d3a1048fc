from django.urls import path

from . import views

app_name = "filing"
urlpatterns = [
    path("supervision/filings/", views.filing_list, name="list"),
    path("supervision/filings/new/", views.filing_new, name="new"),
    path("supervision/filings/<int:filing_id>/", views.filing_detail, name="detail"),
    path("supervision/filings/<int:filing_id>/review/", views.filing_review, name="review"),
    path(
        "supervision/filings/<int:filing_id>/approve/",
        views.filing_decide,
        {"decision": "approve"},
        name="approve",
    ),
    path(
        "supervision/filings/<int:filing_id>/reject/",
        views.filing_decide,
        {"decision": "reject"},
        name="reject",
    ),
    path(
        "supervision/filings/<int:filing_id>/documents/<int:document_id>/",
        views.document_download,
        name="document",
    ),
]
