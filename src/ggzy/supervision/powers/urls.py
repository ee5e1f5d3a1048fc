from django.urls import path

from . import views

app_name = "powers"
urlpatterns = [
    path("quanze/", views.powers_index, name="index"),
]
