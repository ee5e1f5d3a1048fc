from django.urls import path

from . import views

app_name = "archives"
urlpatterns = [
    path("archives/", views.archive_list, name="list"),
    path("archives/<int:archive_id>/", views.archive_detail, name="detail"),
    path("archives/<int:archive_id>/download/", views.archive_download, name="download"),
    path("operator/archives/fixity/", views.fixity_page, name="fixity"),
    *(
        path(f"archives/<int:archive_id>/{action}/", views.archive_action, {"action": action}, name=action)
        for action in views.ARCHIVE_ACTIONS
    ),
]
