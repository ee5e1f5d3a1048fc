from django.urls import path

from . import views

app_name = "evaluation"
urlpatterns = [
    path("evaluation/", views.mine, name="mine"),
    path("evaluation/new/", views.form_committee, name="form"),
    path("evaluation/<int:committee_id>/", views.committee, name="committee"),
    path("evaluation/<int:committee_id>/enter/", views.enter, name="enter"),
    path("evaluation/<int:committee_id>/vote/", views.vote, name="vote"),
    path("evaluation/<int:committee_id>/scores/", views.scores, name="scores"),
    path("evaluation/<int:committee_id>/bids/<int:bid_id>/disqualify/", views.disqualify, name="disqualify"),
    path("evaluation/<int:committee_id>/report/", views.report, name="report"),
    path("evaluation/<int:committee_id>/sign/", views.sign, name="sign"),
]
