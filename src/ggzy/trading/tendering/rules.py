"""Predicates shared by the services (which enforce them) and the pages (which offer the action only when
the service would accept it), so a page and its rule cannot disagree. Pure: state and time in, bool out."""

from __future__ import annotations

import datetime as dt

from ggzy.core import clock

from .models import Section
from .states import SectionStatus


def key_window_open(section: Section, *, status: str, now: dt.datetime) -> bool:
    """Bidders may send their content keys: the section is opening and the opening window is on."""
    return status == SectionStatus.OPENING and section.tender.opening_at <= now < section.opening_window_end


def opening_objection_open(section: Section, *, status: str, now: dt.datetime) -> bool:
    """开标异议 (条例44): raised at the opening — opening or opened, on the opening day (Asia/Shanghai)."""
    opening_day = section.tender.opening_at.astimezone(clock.SHANGHAI).date()
    return (
        status in (SectionStatus.OPENING, SectionStatus.OPENED)
        and now.astimezone(clock.SHANGHAI).date() == opening_day
    )


def publicity_objection_open(section: Section, *, status: str, now: dt.datetime) -> bool:
    """异议 against the candidates (条例54): during the publicity (paused or not), before it ends."""
    return (
        status in (SectionStatus.PUBLICITY, SectionStatus.PAUSED)
        and section.publicity_end is not None
        and now < section.publicity_end
    )
