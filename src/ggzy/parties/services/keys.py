"""Entity public keys (JWK) and verifying signatures made with them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction

from ggzy.core import audit, clock
from ggzy.core.exceptions import Conflict, Forbidden, NotFound

from .. import selectors, signatures
from ..jwk import validate_public_jwk
from ..models import Entity, EntityKey
from ..permissions import require_entity_member


@transaction.atomic
def entity_key_register(*, actor, entity: Entity, jwk: Any) -> EntityKey:
    """A user of ``entity`` registers one of its public keys (JWK; see parties.jwk for what is accepted)."""
    require_entity_member(actor, entity)
    entity = Entity.objects.select_for_update().get(pk=entity.pk)
    if entity.status not in (Entity.Status.PENDING, Entity.Status.VERIFIED):
        raise Forbidden("该主体已被驳回或暂停，不能登记公钥", code="entity_inactive")
    public = validate_public_jwk(jwk)
    if EntityKey.objects.filter(kid=public.kid).exists():
        raise Conflict("该 kid 已被使用，请换一个", code="kid_taken", details={"kid": public.kid})
    if EntityKey.objects.filter(fingerprint=public.fingerprint, revoked_at__isnull=True).exists():
        raise Conflict(
            "该公钥已登记过", code="key_already_registered", details={"fingerprint": public.fingerprint}
        )
    try:
        with transaction.atomic():
            key = EntityKey.objects.create(
                entity=entity,
                kid=public.kid,
                use=public.use,
                alg=public.alg,
                jwk=public.jwk,
                fingerprint=public.fingerprint,
            )
    except IntegrityError as exc:
        raise Conflict("该 kid 已被使用，请换一个", code="kid_taken", details={"kid": public.kid}) from exc
    audit.record(
        actor=actor,
        action="entity_key.register",
        target=key,
        payload={
            "uscc": entity.uscc,
            "kid": key.kid,
            "use": key.use,
            "alg": key.alg,
            "fingerprint": key.fingerprint,
        },
    )
    return key


@transaction.atomic
def entity_key_revoke(*, actor, entity: Entity, kid: str) -> EntityKey:
    """A user of ``entity`` revokes one of its keys. Revoked keys stay listed for verifying old documents."""
    require_entity_member(actor, entity)
    key = EntityKey.objects.select_for_update().filter(entity=entity, kid=kid).first()
    if key is None:
        raise NotFound("公钥不存在", code="key_not_found")
    if key.revoked_at is None:
        key.revoked_at = clock.now()
        key.save(update_fields=["revoked_at"])
        audit.record(
            actor=actor,
            action="entity_key.revoke",
            target=key,
            payload={"uscc": entity.uscc, "kid": kid, "fingerprint": key.fingerprint},
        )
    return key


def signature_verify(
    *, entity: Entity, kid: str, data: bytes, signature: bytes, at: dt.datetime | None = None
) -> bool:
    """True iff ``signature`` over ``data`` verifies with ``entity``'s signing key ``kid`` (ES256 raw r||s
    or DER; SM2SM3 raw or DER). Unknown, revoked or encryption keys give False. ``at``: accept a key that
    was revoked after that moment (checking an older document)."""
    key = selectors.entity_signing_key(entity=entity, kid=kid, at=at)
    if key is None:
        return False
    return signatures.verify_with_jwk(key.jwk, data, signature)
