"""Catalogue services: unified naming, the 综合交易系统 rule, versions and their effective dates."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from ggzy.catalog import selectors, services
from ggzy.catalog.models import CatalogueEntry, CatalogueVersion, SubPlatform
from ggzy.core.exceptions import Conflict, Forbidden, InvalidInput
from ggzy.core.models import AuditRecord

pytestmark = pytest.mark.django_db


def _draft(admin, label="2027年版", effective=dt.date(2027, 1, 1), copy_from=None):
    return services.catalogue_version_create(
        actor=admin, label=label, effective_from=effective, copy_from=copy_from
    )


def _add(admin, version, code="ZZ01", platform=None, regulators=None, methods=("open-tender",)):
    return services.catalogue_entry_add(
        actor=admin,
        version=version,
        code=code,
        name="测试交易项目",
        group="other",
        platform=platform,
        regulators=regulators,
        trading_methods=list(methods),
    )


class TestUnifiedNaming:
    def test_sub_platform_names_are_generated_from_the_stem(self, admin_user):
        platform = services.sub_platform_register(
            actor=admin_user,
            code="water-rights",
            stem="水权交易",
            operator_name="某交易所",
            established_on=dt.date(2015, 1, 1),
        )
        assert platform.platform_name == "上海市公共资源交易平台（水权交易分平台）"
        assert platform.center_name == "上海市公共资源交易中心（水权交易分中心）"

    def test_a_stem_given_with_its_suffix_is_normalised(self, admin_user):
        platform = services.sub_platform_register(
            actor=admin_user,
            code="forest",
            stem="林权交易分平台",
            operator_name="某交易所",
            established_on=dt.date(2012, 5, 1),
            center_brand=False,
        )
        assert platform.stem == "林权交易"
        assert platform.platform_name == "上海市公共资源交易平台（林权交易分平台）"
        assert platform.center_name == ""

    def test_reference_sub_platforms_all_carry_the_unified_name(self, catalogue):
        names = set(SubPlatform.objects.values_list("platform_name", flat=True))
        assert "上海市公共资源交易平台（建设工程交易分平台）" in names
        assert "上海市公共资源交易平台（碳排放交易分平台）" in names
        assert all(n.startswith("上海市公共资源交易平台（") and n.endswith("分平台）") for n in names)


class TestNoNewPlatform:
    def test_registering_a_platform_built_after_the_rule_is_refused(self, admin_user):
        with pytest.raises(Conflict) as err:
            services.sub_platform_register(
                actor=admin_user,
                code="new-exchange",
                stem="数据交易",
                operator_name="新建机构",
                established_on=services.NEW_PLATFORM_CUTOFF,
            )
        assert err.value.code == "new_platform_forbidden"
        assert "综合交易系统" in err.value.message
        assert not SubPlatform.objects.filter(code="new-exchange").exists()

    def test_an_entry_naming_an_unregistered_platform_is_refused(self, catalogue, admin_user, regulators):
        draft = _draft(admin_user)
        with pytest.raises(Conflict) as err:
            _add(admin_user, draft, platform="pollution-exchange", regulators=[regulators["sthj"]])
        assert err.value.code == "new_platform_forbidden"
        assert err.value.details["use"] == "comprehensive"
        assert not CatalogueEntry.objects.filter(version=draft).exists()

    def test_an_entry_outside_every_sub_platform_trades_on_the_comprehensive_system(
        self, catalogue, admin_user, regulators
    ):
        entry = _add(admin_user, _draft(admin_user), platform=None, regulators=[regulators["sthj"]])
        assert entry.platform is None
        assert entry.platform_code == "comprehensive"
        assert entry.platform_display == "上海市公共资源交易平台综合交易系统"

    def test_reference_catalogue_puts_resources_without_sub_platform_on_the_comprehensive_system(
        self, catalogue
    ):
        entry = selectors.entry_by_code("KY01")
        assert entry.on_comprehensive_system


class TestEntryRules:
    def test_regulator_must_be_a_government_department(self, catalogue, admin_user, bidder_user):
        draft = _draft(admin_user)
        with pytest.raises(InvalidInput) as err:
            _add(admin_user, draft, regulators=[bidder_user.entity])
        assert err.value.code == "regulator_not_government"
        assert not draft.entries.exists()

    def test_unknown_trading_method_is_refused(self, catalogue, admin_user, regulators):
        with pytest.raises(InvalidInput) as err:
            _add(admin_user, _draft(admin_user), regulators=[regulators["czj"]], methods=["lottery"])
        assert err.value.code == "unknown_trading_method"

    def test_duplicate_code_in_a_version_is_refused(self, catalogue, admin_user, regulators):
        draft = _draft(admin_user)
        _add(admin_user, draft, regulators=[regulators["czj"]])
        with pytest.raises(Conflict) as err:
            _add(admin_user, draft, regulators=[regulators["czj"]])
        assert err.value.code == "duplicate_catalogue_code"
        assert draft.entries.count() == 1

    def test_published_version_is_frozen(self, catalogue, admin_user, regulators):
        with pytest.raises(Conflict) as err:
            _add(admin_user, catalogue, regulators=[regulators["czj"]])
        assert err.value.code == "catalogue_version_frozen"
        assert not catalogue.entries.filter(code="ZZ01").exists()

    def test_only_the_comprehensive_management_department_may_edit(self, catalogue, bidder_user):
        before = CatalogueVersion.objects.count()
        with pytest.raises(Forbidden) as err:
            _draft(bidder_user)
        assert err.value.code == "catalogue_forbidden"
        assert CatalogueVersion.objects.count() == before


class TestVersions:
    def test_copy_from_brings_entries_with_regulators_and_methods(self, catalogue, admin_user):
        draft = _draft(admin_user, copy_from=catalogue)
        assert draft.entries.count() == catalogue.entries.count()
        copied = draft.entries.get(code="ZC01")
        assert [r.name for r in copied.regulators.all()] == ["上海市财政局"]
        assert "competitive-consultation" in set(copied.trading_methods.values_list("code", flat=True))

    @time_machine.travel(dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC), tick=False)
    def test_publishing_with_a_past_effective_date_is_refused(self, catalogue, admin_user):
        draft = _draft(admin_user, effective=dt.date(2026, 11, 27), copy_from=catalogue)
        with pytest.raises(InvalidInput) as err:
            services.catalogue_version_publish(actor=admin_user, version=draft)
        assert err.value.code == "effective_date_past"
        draft.refresh_from_db()
        assert draft.status == CatalogueVersion.Status.DRAFT

    @time_machine.travel(dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC), tick=False)
    def test_an_empty_version_cannot_be_published(self, catalogue, admin_user):
        with pytest.raises(InvalidInput) as err:
            services.catalogue_version_publish(actor=admin_user, version=_draft(admin_user))
        assert err.value.code == "catalogue_version_empty"

    def test_the_current_catalogue_changes_on_the_effective_date(self, catalogue, admin_user):
        with time_machine.travel(dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC), tick=False):
            draft = _draft(admin_user, effective=dt.date(2027, 1, 1), copy_from=catalogue)
            services.catalogue_entry_remove(actor=admin_user, entry=draft.entries.get(code="QT01"))
            services.catalogue_version_publish(actor=admin_user, version=draft)
            assert selectors.current_catalogue() == catalogue
            assert selectors.upcoming_catalogue() == draft
            assert selectors.entry_by_code("QT01").version == catalogue
        # 2027-01-01 00:30 in Shanghai is still 2026-12-31 in UTC: the local date counts.
        with time_machine.travel(dt.datetime(2026, 12, 31, 16, 30, tzinfo=dt.UTC), tick=False):
            assert selectors.current_catalogue() == draft
            assert not selectors.current_entries().filter(code="QT01").exists()
        assert selectors.current_catalogue(on=dt.date(2026, 12, 31)) == catalogue

    @time_machine.travel(dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC), tick=False)
    def test_two_versions_may_not_share_an_effective_date(self, catalogue, admin_user):
        first = _draft(admin_user, label="A", effective=dt.date(2027, 1, 1), copy_from=catalogue)
        second = _draft(admin_user, label="B", effective=dt.date(2027, 1, 1), copy_from=catalogue)
        services.catalogue_version_publish(actor=admin_user, version=first)
        with pytest.raises(Conflict) as err:
            services.catalogue_version_publish(actor=admin_user, version=second)
        assert err.value.code == "effective_date_taken"

    @time_machine.travel(dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC), tick=False)
    def test_publication_is_audited_with_the_entry_codes(self, catalogue, admin_user):
        draft = _draft(admin_user, effective=dt.date(2027, 2, 1), copy_from=catalogue)
        services.catalogue_version_publish(actor=admin_user, version=draft)
        record = AuditRecord.objects.get(action="catalogue.version_published", target_id=str(draft.pk))
        assert record.actor_username == "ndrc"
        assert "GC01" in record.payload["entries"]

    def test_a_published_version_cannot_be_published_again(self, catalogue, admin_user):
        with pytest.raises(Conflict) as err:
            services.catalogue_version_publish(actor=admin_user, version=catalogue)
        assert err.value.code == "catalogue_version_state"


class TestSupervisionScope:
    def test_a_regulator_sees_only_the_entries_it_supervises(self, catalogue, regulators):
        housing = {e.code for e in selectors.entries_supervised_by(regulators["zjw"])}
        finance = {e.code for e in selectors.entries_supervised_by(regulators["czj"])}
        assert housing == {"GC01"}
        assert finance == {"ZC01", "CQ02"}

    def test_an_entity_that_supervises_nothing_gets_nothing(self, catalogue, bidder_user):
        assert not selectors.entries_supervised_by(bidder_user.entity).exists()
        assert not selectors.entries_supervised_by(None).exists()

    def test_reference_loader_is_idempotent(self, catalogue, regulators):
        from ggzy.catalog.loader import install_reference_catalogue

        again = install_reference_catalogue(regulators=regulators)
        assert again == catalogue
        assert CatalogueVersion.objects.count() == 1
        assert SubPlatform.objects.count() == 6
