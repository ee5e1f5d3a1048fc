"""Helpers shared by the tendering services: permission checks, row locks, time parsing."""

from __future__ import annotations

import datetime as dt

from ggzy.core import clock
from ggzy.core.exceptions import Forbidden, InvalidInput, NotFound
from ggzy.parties.permissions import require_role, require_verified_entity
from ggzy.parties.roles import Role

from ..models import Bid, Section, Tender

MANAGER_ROLES = (Role.BUYER, Role.AGENCY)


def aware(value: dt.datetime, field: str) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        raise InvalidInput("时间格式不正确", code="invalid_datetime", details={"field": field})
    if value.tzinfo is None:
        value = value.replace(tzinfo=clock.SHANGHAI)
    return value


def is_manager(actor, tender: Tender) -> bool:
    if not getattr(actor, "is_authenticated", False) or actor.entity_id is None:
        return False
    if actor.role == Role.BUYER:
        return actor.entity_id == tender.buyer_id
    if actor.role == Role.AGENCY:
        return actor.entity_id == tender.agency_id
    return False


def require_manager(actor, tender: Tender) -> None:
    """The buyer's or the appointed agency's users manage a tender; others get 404 if they may not
    even know a draft exists, else 403."""
    require_role(actor, *MANAGER_ROLES)
    require_verified_entity(actor)
    if not is_manager(actor, tender):
        if tender.status == "draft":
            raise NotFound()
        raise Forbidden("仅该项目的招标人或其委托的代理机构可操作", code="not_tender_manager")


def require_bidder(actor):
    require_role(actor, Role.BIDDER)
    return require_verified_entity(actor)


def lock_tender(tender_id: int) -> Tender:
    tender = Tender.objects.select_for_update().select_related("procedure_type").filter(pk=tender_id).first()
    if tender is None:
        raise NotFound()
    return tender


def lock_section(section_id: int) -> Section:
    section = (
        Section.objects.select_for_update(of=("self",))
        .select_related("tender", "tender__procedure_type")
        .filter(pk=section_id)
        .first()
    )
    if section is None:
        raise NotFound()
    return section


def lock_bid(bid_id: int) -> Bid:
    bid = Bid.objects.select_for_update(of=("self",)).select_related("section").filter(pk=bid_id).first()
    if bid is None:
        raise NotFound()
    return bid
