"""Template filters: the declared values of a bid, and the predicates the services enforce (``rules.py``),
so a page offers an action exactly when the service would accept it — no status strings in templates."""

from django import template

from ggzy.core import clock

from .. import rules
from ..declared import declared_items

register = template.Library()


@register.filter
def declared_pairs(declared):
    return declared_items(declared)


@register.filter
def publishable(tender) -> bool:
    return rules.tender_publishable(tender)


@register.filter
def terminable(tender) -> bool:
    return rules.tender_terminable(tender)


@register.filter
def clarification_open(tender) -> bool:
    return rules.clarification_open(tender, now=clock.now())


@register.filter
def bidding_open(section) -> bool:
    return rules.bidding_open(section, status=section.status, now=clock.now())


@register.filter
def opening_hall_open(section) -> bool:
    return rules.opening_hall_open(section.status)


@register.filter
def retender_allowed(section) -> bool:
    return rules.retender_allowed(section.status)


@register.filter
def retractable(bid, section) -> bool:
    return rules.bid_retractable(bid, section, now=clock.now())


@register.filter
def revealed(bid) -> bool:
    return rules.bid_revealed(bid)


@register.filter
def awaits_signature_of(contract, party: str) -> bool:
    return rules.contract_awaits(contract, party=party)
