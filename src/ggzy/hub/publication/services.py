"""notice_publish — the one way any trading step publishes a public notice (信息公开)."""

from __future__ import annotations

import hashlib

from django.db import models, transaction

from ggzy.catalog.models import CatalogueEntry, CatalogueVersion
from ggzy.catalog.selectors import current_catalogue
from ggzy.core import audit, clock
from ggzy.core.exceptions import InvalidInput, NotFound
from ggzy.parties.models import Entity

from .districts import District, normalise_district
from .feed import assign_after_commit
from .models import Notice
from .search_index import index_rows

TITLE_MAX = 300


def _catalogue_entry(code: str) -> CatalogueEntry:
    """The entry in force today; a project started under an older version keeps its code, so fall back
    to the latest published version that has it."""
    code = (code or "").strip().upper()
    version = current_catalogue()
    entry = CatalogueEntry.objects.filter(version=version, code=code).first() if version else None
    if entry is None:
        entry = (
            CatalogueEntry.objects.filter(code=code, version__status=CatalogueVersion.Status.PUBLISHED)
            .order_by("-version__effective_from")
            .first()
        )
    if entry is None:
        raise NotFound(
            "交易目录中没有该目录编码", code="catalogue_entry_not_found", details={"catalogueCode": code}
        )
    return entry


def _source(source) -> tuple[str, str]:
    if source is None:
        return "", ""
    if isinstance(source, models.Model):
        return source._meta.label_lower, str(source.pk)
    source_type, source_id = source
    return str(source_type), str(source_id)


def notice_publish(
    *,
    actor,
    kind: str,
    title: str,
    body: str,
    catalogue_code: str,
    district: str,
    source=None,
    issuer: Entity | None = None,
    project_code: str = "",
) -> Notice:
    """Publish a notice now (audited, in the caller's transaction if there is one).

    - ``kind``: a ``Notice.Kind`` value (``"tender"``, ``"award"`` …).
    - ``body``: plain text (shown escaped, line breaks kept) — never HTML.
    - ``catalogue_code``: an entry code of the catalogue (e.g. ``"GC01"``).
    - ``district``: GB/T 2260 code (``"310115"``), name (``"浦东新区"``) or ``"310000"``/``"市级"``.
    - ``source``: the model instance the notice is about, or ``(type, id)``.
    - ``issuer``: the entity on whose behalf it is published (default: the actor's entity).
    - ``project_code``: the public project code (招标项目编号) the notice is about, searchable exactly.

    Permission is the caller's job (the tender service knows who may publish its notices).
    The notice enters the JSON feed right after commit (``feed.feed_assign_positions``); its words
    enter the search index in the same transaction (``search_index``).
    """
    if kind not in Notice.Kind.values:
        raise InvalidInput("公告类型不正确", code="invalid_notice_kind", details={"kind": kind})
    title = (title or "").strip()
    body = (body or "").strip()
    if not title or len(title) > TITLE_MAX:
        raise InvalidInput(
            f"公告标题不能为空且不超过{TITLE_MAX}字", code="invalid_notice_title", details={"field": "title"}
        )
    if not body:
        raise InvalidInput("公告正文不能为空", code="invalid_notice_body", details={"field": "body"})
    district_code = normalise_district(district)
    if district_code is None:
        raise InvalidInput(
            "区域不正确（应为本市16个区或市级）", code="invalid_district", details={"district": district}
        )
    if issuer is None and getattr(actor, "is_authenticated", False):
        issuer = actor.entity
    source_type, source_id = _source(source)
    project_code = (project_code or "").strip().upper()
    if len(project_code) > 20:
        raise InvalidInput(
            "项目编号不超过20位", code="invalid_project_code", details={"field": "projectCode"}
        )
    with transaction.atomic():
        entry = _catalogue_entry(catalogue_code)
        notice = Notice.objects.create(
            kind=kind,
            title=title,
            body=body,
            catalogue_entry=entry,
            catalogue_code=entry.code,
            catalogue_group=entry.group,
            project_code=project_code,
            district=district_code,
            published_at=clock.now(),
            source_type=source_type,
            source_id=source_id,
            issuer=issuer,
            published_by=actor if getattr(actor, "is_authenticated", False) else None,
            body_digest=hashlib.sha256(body.encode()).hexdigest(),
        )
        index_rows([(notice.pk, title, body)])
        audit.record(
            actor=actor,
            action="notice.published",
            target=notice,
            payload={
                "kind": kind,
                "title": title,
                "catalogueCode": entry.code,
                "district": district_code,
                "source": {"type": source_type, "id": source_id} if source_type else None,
                "issuer": issuer.uscc if issuer else None,
                "bodyDigest": notice.body_digest,
                **({"projectCode": project_code} if project_code else {}),
            },
        )
        transaction.on_commit(assign_after_commit)
    return notice


__all__ = ["District", "Notice", "notice_publish"]
