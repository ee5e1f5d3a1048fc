from django.urls import path

from . import views

app_name = "exchange"
urlpatterns = [
    path("supervision/exchange/quality/", views.quality_page, name="quality"),
]
