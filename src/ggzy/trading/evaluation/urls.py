from django.urls import path

from . import views

app_name = "evaluation"
urlpatterns = [
    path("evaluation/", views.mine, name="mine"),
    path("evaluation/new/", views.form_committee, name="form"),
    path("evaluation/<int:committee_id>/", views.committee, name="committee"),
    *[
        path(
            f"evaluation/<int:committee_id>/{action}/",
            views.committee_action,
            {"action": action},
            name=action,
        )
        for action in ("enter", "vote", "scores", "report", "sign")
    ],
    path(
        "evaluation/<int:committee_id>/bids/<int:bid_id>/disqualify/",
        views.committee_action,
        {"action": "disqualify"},
        name="disqualify",
    ),
]
