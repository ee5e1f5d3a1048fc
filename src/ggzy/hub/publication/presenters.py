from __future__ import annotations

from .models import Notice


def notice_dict(n: Notice) -> dict:
    return {
        "id": n.pk,
        "position": n.feed_position,
        "kind": n.kind,
        "kindName": n.get_kind_display(),
        "title": n.title,
        "body": n.body,
        "bodyDigest": n.body_digest,
        "catalogueCode": n.catalogue_code,
        "catalogueName": n.catalogue_entry.name,
        "district": n.district,
        "districtName": n.get_district_display(),
        "publishedAt": n.published_at.isoformat(),
        "source": {"type": n.source_type, "id": n.source_id} if n.source_type else None,
        "issuer": {"uscc": n.issuer.uscc, "name": n.issuer.name} if n.issuer_id else None,
        "url": n.get_absolute_url(),
    }
