"""Apps contribute api/urls/tasks/workbench/demo_data modules; one discovery (Django's autodiscover_modules)
finds them in a fixed order."""

from __future__ import annotations

from ggzy.config import urls
from ggzy.core.discovery import app_modules
from ggzy.core.worker import discover_tasks

URL_ORDER = [
    "ggzy.parties.urls",
    "ggzy.catalog.urls",
    "ggzy.portal.sso.urls",
    "ggzy.trading.tendering.urls",
    "ggzy.trading.evaluation.urls",
    "ggzy.hub.experts.urls",
    "ggzy.hub.publication.urls",
    "ggzy.hub.venues.urls",
    "ggzy.hub.archives.urls",
    "ggzy.supervision.exchange.urls",
    "ggzy.supervision.redflags.urls",
    "ggzy.supervision.statistics.urls",
    "ggzy.supervision.filing.urls",
    "ggzy.supervision.powers.urls",
    "ggzy.core.urls",
    "ggzy.portal.urls",
]


def test_html_pages_are_included_in_installed_order_with_the_portal_last():
    """The portal owns "/": its patterns come after every other app's, core's just before it."""
    included = [
        p.urlconf_module.__name__
        for p in urls.urlpatterns
        if hasattr(getattr(p, "urlconf_module", None), "__name__")
    ]
    assert [name for name in included if name.startswith("ggzy.")] == URL_ORDER


def test_api_routers_follow_installed_order_with_core_last():
    """The OpenAPI document lists the apps in one stable order."""
    names = [module.__name__ for _, module in app_modules("api", last=("ggzy.core",))]
    assert names[0] == "ggzy.parties.api" and names[-1] == "ggzy.core.api"
    assert names.index("ggzy.trading.tendering.api") < names.index("ggzy.supervision.exchange.api")


def test_only_ggzy_apps_and_no_excluded_ones_are_returned():
    """Third-party apps' modules of the same name are not ggzy's contributions."""
    labels = [config.name for config, _ in app_modules("demo_data", exclude=("ggzy.portal",))]
    assert labels and all(name.startswith("ggzy.") for name in labels)
    assert "ggzy.portal" not in labels and "ggzy.supervision.redflags" in labels


def test_the_worker_finds_every_apps_periodic_tasks():
    """Each app's tasks.py contributes PERIODIC_TASKS."""
    modules = {task.__module__.rsplit(".", 1)[0] for task in discover_tasks()}
    assert {"ggzy.core", "ggzy.supervision.redflags", "ggzy.trading.tendering"} <= modules
