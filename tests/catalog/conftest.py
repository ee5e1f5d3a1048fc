from __future__ import annotations

import pytest

from ggzy.parties.models import Entity, User
from ggzy.parties.roles import Role
from ggzy.portal.demo import ensure_regulators, install_demo_catalogue


@pytest.fixture
def regulators(db):
    return ensure_regulators()


@pytest.fixture
def catalogue(regulators):
    return install_demo_catalogue()


@pytest.fixture
def admin_user(regulators):
    return User.objects.create_user(
        "ndrc", password="x-Secret-123", role=Role.ADMIN, entity=regulators["fgw"]
    )


@pytest.fixture
def bidder_user(db):
    from ggzy.core.codes import make_uscc

    entity = Entity.objects.create(
        uscc=make_uscc("91310000MA1TEB701"), name="上海测试投标有限公司", status=Entity.Status.VERIFIED
    )
    return User.objects.create_user("bidder-x", password="x-Secret-123", role=Role.BIDDER, entity=entity)
