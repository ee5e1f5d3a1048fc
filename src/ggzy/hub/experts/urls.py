from django.urls import path

from . import views

app_name = "experts"
urlpatterns = [
    path("experts/profile/", views.profile, name="profile"),
    path("experts/invitations/", views.invitations, name="invitations"),
    path(
        "experts/invitations/<int:invitation_id>/answer/", views.invitation_answer, name="invitation_answer"
    ),
    path("operator/experts/", views.operator_experts, name="operator_experts"),
    path("operator/experts/<str:code>/", views.operator_expert_action, name="operator_expert_action"),
    path("draws/", views.draws, name="draws"),
    path("draws/published/", views.draws_published, name="draws_published"),
    path("draws/<str:draw_id>/", views.draw, name="draw"),
    path("draws/<str:draw_id>/public/", views.draw_public, name="draw_public"),
]
