"""The generic cross-member isolation test every tenant-owned model reuses.

Each app lists its models in an ``ISOLATION_CASES`` list in ``<app>/tests/isolation.py``:
how to make an object owned by one tenant, which user owns it, and which users must not
see it. ``samdrift/core/tests/test_isolation.py`` runs every case against the model's
queryset (``visible_to``), every UI and API endpoint of the model, and the explicit
``pages`` of a model without endpoints of its own (comments, time entries, the audit
log); ``core/tests/test_architecture.py`` fails when a model with ``tenant_paths`` has
no case.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.urls import NoReverseMatch, reverse

from .world import World


@dataclass(frozen=True)
class IsolationCase:
    model: type[models.Model]
    make: Callable[[World], models.Model]
    # A user who may see the object: proves the test can fail.
    insider: str
    # Users who must get 404 on it and never find it in a list.
    outsiders: tuple[str, ...]
    name: str = ""
    ui: bool = True
    api: bool = True
    api_basename: str | None = None
    # For a model without pages of its own (``ui=False, api=False``): the UI pages and API
    # endpoints that show it. The insider gets 200 with ``marker(obj)`` in the body; each
    # outsider gets 403/404, or 200 without the marker (their own ticket's comments
    # endpoint, which must not show an internal note).
    pages: Callable[[Any], list[str]] | None = None  # given the object `make` made
    marker: Callable[[Any], str] | None = None
    # A model no page shows at all says why; only its queryset is then tested.
    no_pages_reason: str = ""

    @property
    def id(self) -> str:
        return self.name or self.model._meta.label_lower


def all_cases() -> list[IsolationCase]:
    cases: list[IsolationCase] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("samdrift."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.isolation")
        except ModuleNotFoundError:
            continue
        cases.extend(module.ISOLATION_CASES)
    return cases


def ui_urls(case: IsolationCase, obj: models.Model) -> dict[str, str]:
    """Every per-object UI URL the model has (detail, edit, delete, history)."""
    meta = case.model._meta
    urls = {}
    for action in ("detail", "edit", "delete", "history"):
        try:
            urls[action] = reverse(f"{meta.app_label}:{meta.model_name}_{action}", args=[obj.pk])
        except NoReverseMatch:
            continue
    return urls


def list_url(case: IsolationCase) -> str:
    meta = case.model._meta
    return reverse(f"{meta.app_label}:{meta.model_name}_list")


def api_urls(case: IsolationCase, obj: models.Model) -> tuple[str, str]:
    basename = case.api_basename or case.model._meta.model_name
    return reverse(f"{basename}-list"), reverse(f"{basename}-detail", args=[obj.pk])
