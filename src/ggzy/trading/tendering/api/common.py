from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from ggzy.parties.auth import API_AUTH


def _anonymous(request):
    """Last resort of OPTIONAL_AUTH: public reads that show more to a logged-in caller."""
    return True


OPTIONAL_AUTH = [*API_AUTH, _anonymous]


def actor(request):
    user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else AnonymousUser()
