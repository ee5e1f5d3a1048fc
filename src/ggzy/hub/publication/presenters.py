from __future__ import annotations

from .districts import District
from .models import Notice

# get_FOO_display() rebuilds a hashable choices map on every call: noticeable on a 200-item feed page.
KIND_NAMES = dict(Notice.Kind.choices)
DISTRICT_NAMES = dict(District.choices)


def notice_dict(n: Notice) -> dict:
    return {
        "id": n.pk,
        "position": n.feed_position,
        "kind": n.kind,
        "kindName": KIND_NAMES.get(n.kind, n.kind),
        "title": n.title,
        "body": n.body,
        "bodyDigest": n.body_digest,
        "catalogueCode": n.catalogue_code,
        "catalogueName": n.catalogue_entry.name,
        "district": n.district,
        "districtName": DISTRICT_NAMES.get(n.district, n.district),
        "publishedAt": n.published_at.isoformat(),
        "source": {"type": n.source_type, "id": n.source_id} if n.source_type else None,
        "issuer": {"uscc": n.issuer.uscc, "name": n.issuer.name} if n.issuer_id else None,
        "url": n.get_absolute_url(),
    }
