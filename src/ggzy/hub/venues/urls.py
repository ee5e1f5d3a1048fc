from django.urls import path

from . import views

app_name = "venues"
urlpatterns = [
    path("schedule/", views.schedule, name="schedule"),
    path("venues/bookings/", views.bookings, name="bookings"),
    path("venues/bookings/<int:booking_id>/", views.booking, name="booking"),
    path("venues/bookings/<int:booking_id>/<str:action>/", views.booking_action, name="booking_action"),
    path("venues/witness/", views.witness, name="witness"),
]
