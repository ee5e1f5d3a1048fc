"""Template filters: the predicates the expert services enforce (``rules.py``) — no status strings in pages."""

from django import template

from ggzy.core import clock

from .. import rules

register = template.Library()


@register.filter
def vettable(expert) -> bool:
    return rules.expert_vettable(expert.status)


@register.filter
def suspendable(expert) -> bool:
    return rules.expert_suspendable(expert.status)


@register.filter
def reinstatable(expert) -> bool:
    return rules.expert_reinstatable(expert.status)


@register.filter
def answerable(invitation) -> bool:
    return rules.invitation_answerable(invitation, now=clock.now())
