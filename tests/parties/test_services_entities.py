"""Entity self-registration, review, user creation."""

import pytest

from ggzy.core.exceptions import Conflict, Forbidden, InvalidInput, NotFound
from ggzy.core.models import AuditRecord
from ggzy.parties import services
from ggzy.parties.models import Entity, User
from ggzy.parties.roles import Role

from .conftest import PASSWORD, USCC_A, USCC_B

pytestmark = pytest.mark.django_db


def register(**overrides):
    kwargs = dict(uscc=USCC_A, name="上海甲建设有限公司", username="jia", password=PASSWORD, role=Role.BIDDER)
    kwargs.update(overrides)
    return services.entity_register(**kwargs)


def counts():
    return Entity.objects.count(), User.objects.count(), AuditRecord.objects.count()


def test_register_creates_pending_entity_and_first_user_with_audit():
    entity, user = register(uscc=USCC_A.lower(), id_number="11010519491231002x")
    assert entity.uscc == USCC_A and entity.status == Entity.Status.PENDING
    assert user.entity == entity and user.role == Role.BIDDER and user.check_password(PASSWORD)
    assert user.id_number == "11010519491231002X"
    rec = AuditRecord.objects.get(action="entity.register")
    assert rec.target_id == str(entity.pk) and rec.actor_username == "jia"


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"uscc": "91310000MA1FL0001X"}, "invalid_uscc"),
        ({"uscc": ""}, "invalid_uscc"),
        ({"name": "  "}, "required"),
        ({"password": "12345678"}, "weak_password"),
        ({"role": Role.OPERATOR}, "invalid_role"),
        ({"username": "bad name!"}, "invalid_username"),
        ({"id_number": "110105194912310021"}, "invalid_id_number"),
    ],
)
def test_register_rejects_bad_input_and_writes_nothing(overrides, code):
    before = counts()
    with pytest.raises(InvalidInput) as exc:
        register(**overrides)
    assert exc.value.code == code
    assert counts() == before


def test_register_duplicate_uscc_or_username_conflicts_without_rows():
    register()
    before = counts()
    with pytest.raises(Conflict) as exc:
        register(username="other")
    assert exc.value.code == "uscc_taken"
    with pytest.raises(Conflict) as exc:
        register(uscc=USCC_B, username="JIA")
    assert exc.value.code == "username_taken"
    assert counts() == before


def test_operator_approves_pending_entity(operator):
    entity, _ = register()
    reviewed = services.entity_review(actor=operator, uscc=entity.uscc, approve=True)
    assert reviewed.status == Entity.Status.VERIFIED and reviewed.reviewed_by == operator
    assert reviewed.reviewed_at is not None
    assert AuditRecord.objects.filter(action="entity.approve", actor_username=operator.username).count() == 1


def test_operator_rejects_with_a_reason_only(operator):
    entity, _ = register()
    with pytest.raises(InvalidInput) as exc:
        services.entity_review(actor=operator, uscc=entity.uscc, approve=False, note="")
    assert exc.value.code == "required"
    entity.refresh_from_db()
    assert entity.status == Entity.Status.PENDING
    services.entity_review(actor=operator, uscc=entity.uscc, approve=False, note="营业执照不清晰")
    entity.refresh_from_db()
    assert entity.status == Entity.Status.REJECTED and entity.review_note == "营业执照不清晰"


def test_review_twice_conflicts(operator):
    entity, _ = register()
    services.entity_review(actor=operator, uscc=entity.uscc, approve=True)
    with pytest.raises(Conflict) as exc:
        services.entity_review(actor=operator, uscc=entity.uscc, approve=False, note="x")
    assert exc.value.code == "entity_not_pending"


@pytest.mark.parametrize("role", [Role.BIDDER, Role.BUYER, Role.AGENCY, Role.REGULATOR, Role.ADMIN])
def test_non_operators_cannot_review_and_nothing_changes(role, make_user, center):
    entity, own_user = register()
    actor = make_user(role, center)
    audit_before = AuditRecord.objects.count()
    with pytest.raises(Forbidden) as exc:
        services.entity_review(actor=actor, uscc=entity.uscc, approve=True)
    assert exc.value.code == "role_forbidden"
    with pytest.raises(Forbidden):
        services.entity_review(actor=own_user, uscc=entity.uscc, approve=True)
    entity.refresh_from_db()
    assert entity.status == Entity.Status.PENDING and entity.reviewed_by is None
    assert AuditRecord.objects.count() == audit_before


def test_review_unknown_entity_is_not_found(operator):
    with pytest.raises(NotFound):
        services.entity_review(actor=operator, uscc=USCC_B, approve=True)


def test_user_create_checks_role_entity_and_actor(operator, entity_a, bidder_a):
    expert = services.user_create(actor=operator, username="expert1", password=PASSWORD, role=Role.EXPERT)
    assert expert.entity is None and not expert.is_staff
    assert operator.is_staff
    with pytest.raises(InvalidInput) as exc:
        services.user_create(actor=operator, username="b2", password=PASSWORD, role=Role.BIDDER)
    assert exc.value.code == "entity_required"
    with pytest.raises(NotFound):
        services.user_create(
            actor=None, username="b3", password=PASSWORD, role=Role.BIDDER, entity_uscc=USCC_B
        )
    with pytest.raises(Forbidden):
        services.user_create(
            actor=bidder_a, username="b4", password=PASSWORD, role=Role.BIDDER, entity_uscc=entity_a.uscc
        )
    with pytest.raises(Forbidden):
        services.user_create(actor=operator, username="adm", password=PASSWORD, role=Role.ADMIN)
    assert not User.objects.filter(username__in=["b2", "b3", "b4", "adm"]).exists()


def test_id_number_unique_when_present(entity_a):
    services.user_create(
        actor=None, username="p1", password=PASSWORD, role=Role.EXPERT, id_number="11010519491231002X"
    )
    services.user_create(actor=None, username="p2", password=PASSWORD, role=Role.EXPERT)
    services.user_create(actor=None, username="p3", password=PASSWORD, role=Role.EXPERT)
    with pytest.raises(Conflict) as exc:
        services.user_create(
            actor=None, username="p4", password=PASSWORD, role=Role.EXPERT, id_number="11010519491231002X"
        )
    assert exc.value.code == "id_number_taken"


def test_entity_create_verified_by_cli():
    entity = services.entity_create(actor=None, uscc=USCC_A, name="甲", verified=True)
    assert entity.status == Entity.Status.VERIFIED and entity.reviewed_at is not None
