"""Publishing the tendering notices (招标公告 … 终止公告) through the hub's ``notice_publish``."""

from __future__ import annotations

from ggzy.hub.publication.services import notice_publish

from .models import Section, Tender


def publish_notice(*, actor, kind: str, tender: Tender, title: str, body: str, source=None):
    """One notice of ``tender`` (kinds: ``Notice.Kind`` values), in the caller's transaction."""
    return notice_publish(
        actor=actor,
        kind=kind,
        title=title[:300],
        body=body,
        catalogue_code=tender.catalogue_code,
        district=tender.district,
        source=source or tender,
        issuer=tender.buyer,
        project_code=tender.code or "",
    )


def section_line(section: Section) -> str:
    return f"{section.code} {section.title}"
