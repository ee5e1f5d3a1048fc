"""The portal's OAuth2/OIDC validator: django-oauth-toolkit's, plus the spec's claims and the sign-in rule
re-checked at every token and userinfo request (a suspended entity is refused at its next request)."""

from __future__ import annotations

from collections import OrderedDict

from oauth2_provider.oauth2_validators import OAuth2Validator

from .rules import sign_in_refusal


def _entity(user):
    return user.entity if user.entity_id else None


class GgzyOAuth2Validator(OAuth2Validator):
    # Every claim is released with the "openid" scope: sub-platforms need all of them to open the account.
    oidc_claim_scope = None

    def get_additional_claims(self):
        """``sub`` (the user's pk, stable across username changes) comes from the base class."""
        return {
            "name": lambda request: str(request.user),
            "ggzy_role": lambda request: request.user.role,
            "ggzy_entity_uscc": lambda request: _entity(request.user).uscc if _entity(request.user) else None,
            "ggzy_entity_name": lambda request: _entity(request.user).name if _entity(request.user) else None,
        }

    def _refuse(self, request, error: str) -> bool:
        refusal = sign_in_refusal(request.user)
        if refusal is None:
            return True
        request.oauth2_error = OrderedDict([("error", error), ("error_description", refusal[0])])
        return False

    def validate_code(self, client_id, code, client, request, *args, **kwargs):
        return super().validate_code(client_id, code, client, request, *args, **kwargs) and self._refuse(
            request, "invalid_grant"
        )

    def validate_refresh_token(self, refresh_token, client, request, *args, **kwargs):
        return super().validate_refresh_token(
            refresh_token, client, request, *args, **kwargs
        ) and self._refuse(request, "invalid_grant")

    def validate_bearer_token(self, token, scopes, request):
        return super().validate_bearer_token(token, scopes, request) and self._refuse(
            request, "invalid_token"
        )
