"""How ``samdrift demo`` builds the demo: each app contributes its own part.

Every Samdrift app with demo data has a ``demo.py`` with ``run(demo: Demo) -> None``; the
command calls them in INSTALLED_APPS order, which is the layer order (tenancy before
accounts before catalog …), so each app finds what the apps below it made in
``demo.made`` (keyed by app label) and adds its own. A ``guard() -> str | None`` in a demo
module may refuse to erase the database (it returns why). Core knows no app: a new app
only adds its ``demo.py``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from importlib import import_module
from types import ModuleType
from typing import Any

from django.apps import apps
from django.utils.module_loading import module_has_submodule


@dataclass
class Demo:
    today: datetime.date
    scale: float = 1.0
    system_user: Any = None
    # What each app made, by app label, for the apps above it.
    made: dict[str, Any] = field(default_factory=dict)
    # Parts of the one-line summary ("12 tickets of history"), in order.
    summary: list[str] = field(default_factory=list)
    # Lines printed after the build (the logins).
    epilogue: list[str] = field(default_factory=list)


def demo_modules() -> list[ModuleType]:
    """Each Samdrift app's ``demo`` module, in INSTALLED_APPS (= layer) order."""
    modules = []
    for config in apps.get_app_configs():
        if config.name.startswith("samdrift.") and module_has_submodule(config.module, "demo"):
            module = import_module(f"{config.name}.demo")
            if hasattr(module, "run"):  # core's own demo module (this one) has none
                modules.append(module)
    return modules
