from django import template

from ..declared import declared_items

register = template.Library()


@register.filter
def declared_pairs(declared):
    return declared_items(declared)
