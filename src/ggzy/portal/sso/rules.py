"""Who may sign in to a sub-platform through the portal (spec §2: users of a verified entity only).

Asked at the authorization page and again at every token and userinfo request, so that a suspended entity or a
deactivated user is refused everywhere at its next request."""

from __future__ import annotations

from ggzy.parties.models import Entity


def sign_in_refusal(user) -> tuple[str, str] | None:
    """``(code, Chinese message)`` when ``user`` may not sign in to a sub-platform, else ``None``."""
    if user is None or not getattr(user, "is_active", False):
        return "sso_user_inactive", "账号已停用，不能登录交易分平台"
    entity = user.entity
    if entity is None:
        return "sso_no_entity", "单点登录仅面向已审核市场主体的用户，您的账号未关联市场主体"
    if entity.status == Entity.Status.SUSPENDED:
        return "sso_entity_suspended", f"{entity.name}已被暂停，不能登录交易分平台"
    if entity.status != Entity.Status.VERIFIED:
        return "sso_entity_not_verified", f"{entity.name}尚未通过审核，不能登录交易分平台"
    return None
