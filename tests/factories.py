"""factory_boy factories for the objects almost every test needs: market entities and users.

One place decides how a test entity or account looks (a valid USCC, a verified status, a password that passes
the validators), so per-app fixtures only say what is special about theirs.
"""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from ggzy.core.codes import make_uscc
from ggzy.parties.models import Entity, User
from ggzy.parties.roles import Role

TEST_PASSWORD = "x-Secret-123"


def uscc_for(n: int, *, prefix: str = "91310000") -> str:
    """A valid 统一社会信用代码 numbered ``n`` (check character computed)."""
    return make_uscc(f"{prefix}{n:0{17 - len(prefix)}d}")


class EntityFactory(DjangoModelFactory):
    class Meta:
        model = Entity

    uscc = factory.Sequence(lambda n: uscc_for(900_000_000 + n))
    name = factory.Sequence(lambda n: f"上海测试{n}有限公司")
    kind = Entity.Kind.ENTERPRISE
    status = Entity.Status.VERIFIED


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user-{n}")
    role = Role.BIDDER
    entity = None
    display_name = factory.LazyAttribute(lambda o: o.username)
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _saved(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy hook signature
        if create:
            obj.save()
