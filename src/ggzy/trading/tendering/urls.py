from django.urls import path

from . import views
from . import views_actions as actions

app_name = "tendering"

urlpatterns = [
    path("trading/", views.tender_list, name="list"),
    path("trading/mine/", views.my_tenders, name="mine"),
    path("trading/new/", actions.tender_new, name="new"),
    path("trading/tenders/<int:tender_id>/", views.tender_detail, name="detail"),
    *[
        path(
            f"trading/tenders/<int:tender_id>/{action}/",
            actions.tender_action,
            {"action": action},
            name=action,
        )
        for action in actions.TENDER_ACTIONS
    ],
    path("trading/tenders/<int:tender_id>/documents/", actions.documents_download, name="documents"),
    path("trading/questions/<int:question_id>/answer/", actions.question_answer, name="answer"),
    *[
        path(
            f"trading/sections/<int:section_id>/{url}/",
            actions.section_action,
            {"action": action},
            name=action,
        )
        for action, url in (
            ("register", "register"),
            ("retender", "retender"),
            ("objection", "objection"),
            ("publicity_objection", "publicity-objection"),
            ("award", "award"),
        )
    ],
    path("trading/sections/<int:section_id>/bid/", views.section_bid, name="bid"),
    path("trading/bids/<int:bid_id>/withdraw/", actions.bid_withdraw, name="withdraw"),
    path("trading/sections/<int:section_id>/opening/", views.section_opening, name="opening"),
    path(
        "trading/opening-objections/<int:objection_id>/answer/",
        actions.objection_answer,
        {"kind": "opening"},
        name="objection_answer",
    ),
    path(
        "trading/publicity-objections/<int:objection_id>/answer/",
        actions.objection_answer,
        {"kind": "publicity"},
        name="publicity_answer",
    ),
    path("trading/contracts/<int:contract_id>/sign/", actions.contract_sign, name="contract_sign"),
]
