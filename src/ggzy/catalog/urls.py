from django.urls import path

from . import views

app_name = "catalog"
urlpatterns = [
    path("catalogue/", views.catalogue_index, name="index"),
    path("catalogue/<str:code>/", views.catalogue_entry, name="entry"),
]
