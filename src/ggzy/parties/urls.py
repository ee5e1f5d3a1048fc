from django.urls import path

from . import views

app_name = "parties"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("register/", views.register, name="register"),
    path("operator/entities/", views.operator_entities, name="operator_entities"),
    path("operator/entities/<str:uscc>/review/", views.operator_entity_review, name="operator_entity_review"),
    path(
        "operator/entities/<str:uscc>/suspend/",
        views.operator_entity_status,
        {"event": "suspend"},
        name="operator_entity_suspend",
    ),
    path(
        "operator/entities/<str:uscc>/reinstate/",
        views.operator_entity_status,
        {"event": "reinstate"},
        name="operator_entity_reinstate",
    ),
    path("account/entity/resubmit/", views.entity_resubmit, name="entity_resubmit"),
    path("account/keys/", views.keys, name="keys"),
    path("account/keys/<str:kid>/revoke/", views.key_revoke, name="key_revoke"),
    path("account/tokens/", views.tokens, name="tokens"),
    path("account/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("account/password/", views.password_change, name="password_change"),
    path("operator/users/", views.operator_users, name="operator_users"),
    path(
        "operator/users/<str:username>/password-reset/",
        views.operator_user_password_reset,
        name="operator_user_password_reset",
    ),
]
