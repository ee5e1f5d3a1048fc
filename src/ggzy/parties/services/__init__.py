"""Every write on parties: entities, users, API tokens, public keys — plus signature checks.

Each service is keyword-only, atomic, and writes its audit record in the same transaction.
Import from here (``from ggzy.parties import services``); the submodules split it by concept.
"""

from ._common import ENTITY_REQUIRED_ROLES, SELF_REGISTER_ROLES
from .entities import (
    entity_create,
    entity_register,
    entity_reinstate,
    entity_resubmit,
    entity_review,
    entity_suspend,
)
from .keys import entity_key_register, entity_key_revoke, signature_verify
from .passwords import user_password_change, user_password_reset
from .tokens import TOKEN_PREFIX, api_token_issue, api_token_revoke
from .users import user_create, user_update

__all__ = [
    "ENTITY_REQUIRED_ROLES",
    "SELF_REGISTER_ROLES",
    "TOKEN_PREFIX",
    "api_token_issue",
    "api_token_revoke",
    "entity_create",
    "entity_key_register",
    "entity_key_revoke",
    "entity_register",
    "entity_reinstate",
    "entity_resubmit",
    "entity_review",
    "entity_suspend",
    "signature_verify",
    "user_create",
    "user_password_change",
    "user_password_reset",
    "user_update",
]
