"""Template filters: the predicates the entity review services enforce (``rules.py``) — no status strings."""

from django import template

from .. import rules

register = template.Library()


@register.filter
def allows(entity, event: str) -> bool:
    """``{% if entity|allows:"suspend" %}``: the review event would be accepted from the entity's status."""
    return rules.entity_event_allowed(entity.status, event)


@register.filter
def suspended(entity) -> bool:
    return rules.entity_suspended(entity.status)
