"""The modules ggzy apps contribute by convention, found with Django's ``autodiscover_modules``.

``<app>/api.py`` (a ninja ``router``), ``urls.py`` (HTML pages), ``tasks.py`` (``PERIODIC_TASKS`` for the
worker), ``workbench.py`` (``workbench_entrances(user)``) and ``demo_data.py`` (``seed_demo(result)``):
the lower layers never learn who the higher ones are, the higher ones find them here.
"""

from __future__ import annotations

import sys
from types import ModuleType

from django.apps import AppConfig, apps
from django.utils.module_loading import autodiscover_modules


def app_modules(
    submodule: str, *, last: tuple[str, ...] = (), exclude: tuple[str, ...] = ()
) -> list[tuple[AppConfig, ModuleType]]:
    """``(app config, <app>.<submodule>)`` of every ggzy app that has one, in ``INSTALLED_APPS`` order,
    except that the apps named in ``last`` come last, in the order given (e.g. the portal owns "/")."""
    autodiscover_modules(submodule)
    configs = [c for c in apps.get_app_configs() if c.name.startswith("ggzy.") and c.name not in exclude]
    configs.sort(key=lambda c: last.index(c.name) + 1 if c.name in last else 0)  # stable sort
    found = [(c, f"{c.name}.{submodule}") for c in configs]
    return [(c, sys.modules[name]) for c, name in found if name in sys.modules]
