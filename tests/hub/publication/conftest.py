from __future__ import annotations

import pytest

from ggzy.portal.demo import install_demo_catalogue


@pytest.fixture
def catalogue(db):
    return install_demo_catalogue()


@pytest.fixture
def publish(catalogue, django_capture_on_commit_callbacks):
    """Publish like production: on_commit hooks (feed positions) run."""
    from ggzy.hub.publication.services import notice_publish

    def _publish(
        title="某工程施工招标公告",
        *,
        kind="tender",
        body="一、项目概况\n本项目位于浦东新区。",
        code="GC01",
        district="浦东新区",
        **kwargs,
    ):
        with django_capture_on_commit_callbacks(execute=True):
            return notice_publish(
                actor=None,
                kind=kind,
                title=title,
                body=body,
                catalogue_code=code,
                district=district,
                **kwargs,
            )

    return _publish
