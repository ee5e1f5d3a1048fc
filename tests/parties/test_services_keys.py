"""Registering and revoking entity keys; verifying signatures with them."""

import datetime as dt

import pytest
import time_machine

from ggzy.core.exceptions import Conflict, Forbidden, InvalidInput, NotFound
from ggzy.core.models import AuditRecord
from ggzy.parties import services
from ggzy.parties.models import Entity, EntityKey

from .keys import p256_pair, sm2_pair

pytestmark = pytest.mark.django_db
DOC = "中标通知书 第 2026-001 号".encode()


def test_member_registers_keys_with_audit(bidder_a, entity_a, rsa_jwk):
    sig = p256_pair("a-sig")
    key = services.entity_key_register(actor=bidder_a, entity=entity_a, jwk=sig.jwk)
    services.entity_key_register(actor=bidder_a, entity=entity_a, jwk=rsa_jwk)
    assert key.entity == entity_a and key.use == "sig" and len(key.fingerprint) == 43
    assert EntityKey.objects.filter(entity=entity_a).count() == 2
    assert AuditRecord.objects.filter(action="entity_key.register").count() == 2


def test_user_of_another_entity_cannot_register_or_revoke(bidder_a, bidder_b, entity_a):
    with pytest.raises(Forbidden) as exc:
        services.entity_key_register(actor=bidder_b, entity=entity_a, jwk=p256_pair("x").jwk)
    assert exc.value.code == "not_entity_member"
    assert not EntityKey.objects.exists()
    services.entity_key_register(actor=bidder_a, entity=entity_a, jwk=p256_pair("a1").jwk)
    with pytest.raises(Forbidden):
        services.entity_key_revoke(actor=bidder_b, entity=entity_a, kid="a1")
    assert EntityKey.objects.get(kid="a1").revoked_at is None


def test_kid_and_key_must_be_unique(bidder_a, bidder_b, entity_a, entity_b):
    pair = p256_pair("dup")
    services.entity_key_register(actor=bidder_a, entity=entity_a, jwk=pair.jwk)
    with pytest.raises(Conflict) as exc:
        services.entity_key_register(actor=bidder_b, entity=entity_b, jwk=p256_pair("dup").jwk)
    assert exc.value.code == "kid_taken"
    with pytest.raises(Conflict) as exc:
        services.entity_key_register(actor=bidder_b, entity=entity_b, jwk={**pair.jwk, "kid": "other"})
    assert exc.value.code == "key_already_registered"
    assert EntityKey.objects.count() == 1


def test_private_key_rejected_nothing_written(bidder_a, entity_a):
    with pytest.raises(InvalidInput) as exc:
        services.entity_key_register(actor=bidder_a, entity=entity_a, jwk={**p256_pair("p").jwk, "d": "AAAA"})
    assert exc.value.code == "private_key_rejected"
    assert not EntityKey.objects.exists()
    assert not AuditRecord.objects.filter(action="entity_key.register").exists()


def test_rejected_entity_cannot_register_keys(bidder_a, entity_a):
    Entity.objects.filter(pk=entity_a.pk).update(status=Entity.Status.REJECTED)
    with pytest.raises(Forbidden) as exc:
        services.entity_key_register(actor=bidder_a, entity=entity_a, jwk=p256_pair("r").jwk)
    assert exc.value.code == "entity_inactive"


def test_revoke_is_idempotent_and_unknown_kid_not_found(bidder_a, entity_a):
    services.entity_key_register(actor=bidder_a, entity=entity_a, jwk=p256_pair("rv").jwk)
    first = services.entity_key_revoke(actor=bidder_a, entity=entity_a, kid="rv")
    again = services.entity_key_revoke(actor=bidder_a, entity=entity_a, kid="rv")
    assert first.revoked_at == again.revoked_at is not None
    assert AuditRecord.objects.filter(action="entity_key.revoke").count() == 1
    with pytest.raises(NotFound):
        services.entity_key_revoke(actor=bidder_a, entity=entity_a, kid="nope")


@pytest.mark.parametrize("form", ["raw", "der"])
def test_es256_signature_verifies(bidder_a, entity_a, form):
    pair = p256_pair("es")
    services.entity_key_register(actor=bidder_a, entity=entity_a, jwk=pair.jwk)
    signature = pair.sign_raw(DOC) if form == "raw" else pair.sign_der(DOC)
    assert services.signature_verify(entity=entity_a, kid="es", data=DOC, signature=signature)
    assert not services.signature_verify(entity=entity_a, kid="es", data=DOC + b"!", signature=signature)
    assert not services.signature_verify(entity=entity_a, kid="es", data=DOC, signature=b"\x00" * 64)
    assert not services.signature_verify(entity=entity_a, kid="es", data=DOC, signature=b"junk")


@pytest.mark.parametrize("form", ["raw", "der"])
def test_sm2_signature_verifies(bidder_a, entity_a, form):
    pair = sm2_pair("gm")
    services.entity_key_register(actor=bidder_a, entity=entity_a, jwk=pair.jwk)
    signature = pair.sign_raw(DOC) if form == "raw" else pair.sign_der(DOC)
    assert services.signature_verify(entity=entity_a, kid="gm", data=DOC, signature=signature)
    assert not services.signature_verify(entity=entity_a, kid="gm", data=DOC + b"!", signature=signature)
    assert not services.signature_verify(entity=entity_a, kid="gm", data=DOC, signature=b"\x00" * 64)


def test_signature_with_other_entity_or_wrong_key_fails(bidder_a, bidder_b, entity_a, entity_b, rsa_jwk):
    a, b = p256_pair("ka"), p256_pair("kb")
    services.entity_key_register(actor=bidder_a, entity=entity_a, jwk=a.jwk)
    services.entity_key_register(actor=bidder_b, entity=entity_b, jwk=b.jwk)
    services.entity_key_register(actor=bidder_a, entity=entity_a, jwk=rsa_jwk)
    assert not services.signature_verify(entity=entity_b, kid="ka", data=DOC, signature=a.sign_raw(DOC))
    assert not services.signature_verify(entity=entity_a, kid="ka", data=DOC, signature=b.sign_raw(DOC))
    assert not services.signature_verify(entity=entity_a, kid="enc-1", data=DOC, signature=a.sign_raw(DOC))
    assert not services.signature_verify(entity=entity_a, kid="missing", data=DOC, signature=a.sign_raw(DOC))


def test_revoked_key_fails_now_but_verifies_documents_signed_before(bidder_a, entity_a):
    pair = p256_pair("old")
    signed_at = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(signed_at - dt.timedelta(days=1), tick=False):
        services.entity_key_register(actor=bidder_a, entity=entity_a, jwk=pair.jwk)
    with time_machine.travel(signed_at + dt.timedelta(days=1), tick=False):
        services.entity_key_revoke(actor=bidder_a, entity=entity_a, kid="old")
    sig = pair.sign_raw(DOC)
    assert not services.signature_verify(entity=entity_a, kid="old", data=DOC, signature=sig)
    assert services.signature_verify(entity=entity_a, kid="old", data=DOC, signature=sig, at=signed_at)
    late = signed_at + dt.timedelta(days=2)
    assert not services.signature_verify(entity=entity_a, kid="old", data=DOC, signature=sig, at=late)
