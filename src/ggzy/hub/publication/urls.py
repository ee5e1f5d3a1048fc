from django.urls import path

from . import views

app_name = "publication"
urlpatterns = [
    path("notices/", views.notice_index, name="index"),
    path("notices/<int:notice_id>/", views.notice_detail, name="detail"),
]
