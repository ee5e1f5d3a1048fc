from django.urls import path

from . import views

app_name = "statistics"
urlpatterns = [
    path("supervision/", views.supervision_home, name="home"),
    path("supervision/statistics/", views.statistics_page, name="dashboard"),
    path("supervision/statistics/export.csv", views.statistics_csv, name="csv"),
]
