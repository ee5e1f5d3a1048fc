from django.urls import path

from . import views

app_name = "redflags"
urlpatterns = [
    path("supervision/alerts/", views.alert_list, name="alerts"),
    path("supervision/alerts/<int:alert_id>/", views.alert_detail, name="alert"),
    path("supervision/alerts/<int:alert_id>/transition/", views.alert_transition, name="transition"),
    path("supervision/alerts/<int:alert_id>/note/", views.alert_note, name="note"),
    path(
        "supervision/alerts/<int:alert_id>/attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
]
