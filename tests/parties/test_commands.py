"""`ggzy entities create` and `ggzy users create` (sealed-bids spec §6)."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ggzy.core.models import AuditRecord
from ggzy.parties.models import Entity, User

from .conftest import USCC_A

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_entities_create_verified_and_users_create():
    out, _ = run("entities", "create", "--uscc", USCC_A, "--name", "上海甲建设有限公司", "--verified")
    assert json.loads(out) == {"uscc": USCC_A, "name": "上海甲建设有限公司", "status": "verified"}
    out, err = run(
        "users", "create", "bidder1", "--password", "demo-Pass-2026", "--role", "bidder", "--entity", USCC_A
    )
    assert json.loads(out) == {"username": "bidder1", "role": "bidder", "entity": USCC_A}
    user = User.objects.get(username="bidder1")
    assert user.check_password("demo-Pass-2026") and user.entity.uscc == USCC_A
    assert AuditRecord.objects.filter(action="user.create", channel="cli").exists()


def test_entities_create_pending_by_default():
    run("entities", "create", "--uscc", USCC_A, "--name", "甲")
    assert Entity.objects.get(uscc=USCC_A).status == Entity.Status.PENDING


def test_invalid_uscc_is_a_command_error_and_writes_nothing():
    with pytest.raises(CommandError, match="invalid_uscc"):
        run("entities", "create", "--uscc", "91310000MA1FL00019", "--name", "甲")
    assert not Entity.objects.exists()


def test_users_create_weak_password_warns_but_works():
    run("entities", "create", "--uscc", USCC_A, "--name", "甲", "--verified")
    _, err = run("users", "create", "demo", "--password", "123", "--role", "bidder", "--entity", USCC_A)
    assert "警告" in err
    assert User.objects.filter(username="demo").exists()


def test_users_create_refuses_missing_entity_and_unknown_role():
    with pytest.raises(CommandError, match="entity_required"):
        run("users", "create", "b", "--password", "demo-Pass-2026", "--role", "bidder")
    with pytest.raises(CommandError):
        run("users", "create", "x", "--password", "demo-Pass-2026", "--role", "king")
    expert_out, _ = run("users", "create", "e1", "--password", "demo-Pass-2026", "--role", "expert")
    assert json.loads(expert_out)["entity"] is None
    assert list(User.objects.values_list("username", flat=True)) == ["e1"]
