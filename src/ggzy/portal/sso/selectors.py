"""Reads of single sign-on: a user's connected sub-platforms, the sub-platforms with their client."""

from __future__ import annotations

from django.db.models import QuerySet

from ggzy.catalog.models import SubPlatform

from .models import Consent


def user_connections(*, user) -> QuerySet[Consent]:
    """The clients ``user`` approved, newest first, each with its sub-platform when one is linked."""
    return (
        Consent.objects.filter(user=user)
        .select_related("application", "application__sub_platform__platform")
        .order_by("-granted_at", "-pk")
    )


def sub_platforms_with_clients() -> QuerySet[SubPlatform]:
    """Every catalogued sub-platform, with its single sign-on client when it has one."""
    return SubPlatform.objects.select_related("sso_client__application").order_by("code")
