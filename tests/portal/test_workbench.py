"""/workbench/: login required; one section per role with that role's real data."""

from __future__ import annotations

import pytest

from ggzy.parties.models import Entity

pytestmark = pytest.mark.django_db


def test_bidder_sees_entity_review_status_and_key_counts(login, demo):
    html = login("bidder1").get("/workbench/").content.decode()
    entity = demo.entities["bidder"][0]
    assert "投标人/竞买人工作台" in html and entity.name in html and entity.uscc in html
    assert "已审核" in html and "加密公钥" in html
    assert "投标前请先登记加密公钥" in html  # no key registered yet


def test_buyer_whose_entity_is_pending_is_told_so(login, demo):
    entity = demo.entities["buyer"][0]
    Entity.objects.filter(pk=entity.pk).update(status=Entity.Status.PENDING)
    html = login("buyer1").get("/workbench/").content.decode()
    assert "招标人/采购人工作台" in html and "尚未通过交易中心审核" in html


def test_agency_workbench(login):
    assert "招标代理机构工作台" in login("agency1").get("/workbench/").content.decode()


def test_expert_workbench_shows_the_pool_status(client, demo):
    from ggzy.parties.models import User

    newcomer = User.objects.create_user(
        "expert-new", password="x-Secret-123", role="expert", display_name="新专家"
    )
    client.force_login(newcomer)
    html = client.get("/workbench/").content.decode()
    assert "评标专家工作台" in html and "尚未入库为评标专家" in html
    assert 'href="/account/keys/"' not in html


def test_operator_sees_pending_entities_with_the_review_link(login, demo):
    Entity.objects.filter(pk__in=[e.pk for e in demo.entities["bidder"][:3]]).update(
        status=Entity.Status.PENDING
    )
    html = login("operator1").get("/workbench/").content.decode()
    assert "交易中心工作台" in html
    assert 'href="/operator/entities/"' in html
    assert "3 个主体待审核" in html


def test_regulator_sees_only_its_industry(login):
    html = login("regulator1").get("/workbench/").content.decode()
    assert "上海市住房和城乡建设管理委员会" in html
    assert "GC01" in html
    assert "ZC01" not in html and "TD01" not in html
    finance = login("regulator2").get("/workbench/").content.decode()
    assert "ZC01" in finance and "CQ02" in finance and "GC01" not in finance


def test_regulator_sees_latest_notices_of_its_categories_only(login, demo):
    from ggzy.hub.publication.services import notice_publish

    notice_publish(
        actor=None, kind="tender", title="住建类公告", body="正文", catalogue_code="GC01", district="310101"
    )
    notice_publish(
        actor=None, kind="tender", title="采购类公告", body="正文", catalogue_code="ZC01", district="310101"
    )
    html = login("regulator1").get("/workbench/").content.decode()
    assert "住建类公告" in html and "采购类公告" not in html


def test_admin_sees_the_catalogue_state(login):
    html = login("admin1").get("/workbench/").content.decode()
    assert "综合管理部门工作台" in html and "2020年版" in html
    assert 'href="/admin/catalog/catalogueversion/"' in html


def test_other_apps_contribute_entrances(login, monkeypatch):
    from ggzy.portal import workbench

    monkeypatch.setattr(
        workbench,
        "contributed_entrances",
        lambda user: [{"label": "我的项目", "url": "/tenders/mine/", "description": "招标项目"}],
    )
    html = login("buyer1").get("/workbench/").content.decode()
    assert 'href="/tenders/mine/"' in html and "我的项目" in html
