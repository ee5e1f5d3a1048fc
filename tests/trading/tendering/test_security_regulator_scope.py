"""Finding 16: a regulator reads registrations, downloads and fingerprints only of the sections in the
catalogue categories it supervises (``CatalogueEntry.regulators``), on the API and on the pages alike.

The tender here is in GC01 (works, 住建委); the other regulator supervises ZC01 (government procurement)
and a third one supervises nothing.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from ggzy.catalog.selectors import current_entries
from ggzy.core.exceptions import Forbidden
from ggzy.parties.models import Entity
from ggzy.parties.roles import Role
from ggzy.trading.tendering import selectors
from ggzy.trading.tendering.services.bids import bid_submit
from ggzy.trading.tendering.services.participation import registration_create, tender_documents_download

from .conftest import DEADLINE, make_entity, make_user, register_keys, seal_for

pytestmark = pytest.mark.django_db
AFTER = DEADLINE + dt.timedelta(minutes=1)  # deadline passed, results not yet revealed


@pytest.fixture
def scene(published, parties):
    """Three bidders registered and downloaded; one sealed bid with a fingerprint. Regulators: the works
    one (GC01), the procurement one (ZC01), and one bound to no category."""
    section = published.sections.get()
    works = parties["regulator"]
    current_entries().get(code="GC01").regulators.add(works.entity)
    procurement = make_user(
        "czj-regulator", Role.REGULATOR, make_entity("上海市财政局（测试）", kind=Entity.Kind.GOVERNMENT)
    )
    current_entries().get(code="ZC01").regulators.add(procurement.entity)
    unbound = make_user(
        "idle-regulator", Role.REGULATOR, make_entity("某某管理局（测试）", kind=Entity.Kind.GOVERNMENT)
    )
    bidders = parties["bidders"][:3]
    for user in bidders:
        registration_create(actor=user, section=section)
        tender_documents_download(actor=user, tender=published)
    register_keys(bidders[0])
    sealed = seal_for(bidders[0], section, "11500000.00")
    bid_submit(
        actor=bidders[0],
        section=section,
        envelope=sealed["envelope"],
        manifest=sealed["manifest"],
        fingerprint={"macAddress": "00:1A:2B:3C:4D:5E", "hardwareId": "HW-SCOPE-1"},
    )
    secrets = {u.entity.uscc for u in bidders} | {u.entity.name for u in bidders} | {"HW-SCOPE-1"}
    return {
        "tender": published,
        "section": section,
        "works": works,
        "outsiders": [procurement, unbound],
        "secrets": secrets,
        "names": [u.entity.name for u in bidders],
    }


def leaked(scene, text: str) -> list[str]:
    return sorted(s for s in scene["secrets"] if s in text)


def api_urls(scene) -> list[str]:
    tender, section = scene["tender"], scene["section"]
    return [
        f"/api/v1/tenders/{tender.pk}/registrations",
        f"/api/v1/tenders/{tender.pk}/downloads",
        f"/api/v1/sections/{section.pk}/fingerprints",
    ]


@pytest.mark.parametrize("which", [0, 1])
def test_regulator_of_another_category_gets_403_on_every_endpoint_and_sees_nothing(
    scene, client_for, clock_at, which
):
    """Finding 16: after the deadline, a regulator outside the tender's catalogue category is refused
    (403 ``outside_supervision``) by registrations, downloads and fingerprints, with nothing in the body."""
    clock_at(AFTER)
    api = client_for(scene["outsiders"][which])
    for url in api_urls(scene):
        res = api.get(url)
        assert res.status_code == 403, (url, res.status_code)
        assert res.json()["code"] == "outside_supervision"
        assert not leaked(scene, res.content.decode()), url


def test_the_categorys_regulator_still_reads_them_after_the_deadline(scene, client_for, clock_at):
    """Finding 16: the works regulator (GC01) still reads all three after the deadline."""
    clock_at(AFTER)
    api = client_for(scene["works"])
    bodies = []
    for url in api_urls(scene):
        res = api.get(url)
        assert res.status_code == 200, (url, res.content)
        bodies.append(json.dumps(res.json(), ensure_ascii=False))
    assert leaked(scene, "".join(bodies)) == sorted(scene["secrets"])


@pytest.mark.parametrize("which", [0, 1])
def test_selectors_refuse_the_regulator_of_another_category(scene, clock_at, which):
    """Finding 16: the selectors shared by the API and the pages refuse the out-of-scope regulator."""
    clock_at(AFTER)
    outsider = scene["outsiders"][which]
    for read in (
        lambda: selectors.registrations(outsider, scene["tender"]),
        lambda: selectors.download_log(outsider, scene["tender"]),
        lambda: selectors.bid_fingerprints(outsider, scene["section"]),
    ):
        with pytest.raises(Forbidden) as err:
            read()
        assert err.value.code == "outside_supervision"


@pytest.mark.parametrize("which", [0, 1])
def test_pages_show_the_regulator_of_another_category_nothing(scene, client_for, clock_at, which):
    """Finding 16: the tender page and the opening hall show an out-of-scope regulator neither the
    registrations, the downloads nor the fingerprints; the works regulator sees them."""
    clock_at(AFTER)
    tender, section = scene["tender"], scene["section"]
    outsider = client_for(scene["outsiders"][which])
    detail = outsider.get(f"/trading/tenders/{tender.pk}/")
    opening = outsider.get(f"/trading/sections/{section.pk}/opening/")
    assert detail.status_code == 200 and opening.status_code == 200
    assert not leaked(scene, detail.content.decode() + opening.content.decode())
    assert "提交指纹" not in opening.content.decode()

    works = client_for(scene["works"])
    detail = works.get(f"/trading/tenders/{tender.pk}/").content.decode()
    opening = works.get(f"/trading/sections/{section.pk}/opening/").content.decode()
    assert "提交指纹" in opening and "HW-SCOPE-1" in opening
    assert all(name in detail for name in scene["names"])
