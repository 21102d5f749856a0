"""URL patterns for the generic object views of one model."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import URLPattern, path


def object_urls(model: type[models.Model], views: dict[str, Any]) -> list[URLPattern]:
    """``list``, ``add``, ``detail``, ``edit``, ``delete`` and ``history`` routes for ``model``."""
    name = model._meta.model_name
    routes = {
        "list": (f"{name}s/", "list"),
        "add": (f"{name}s/add/", "add"),
        "detail": (f"{name}s/<int:pk>/", "detail"),
        "edit": (f"{name}s/<int:pk>/edit/", "edit"),
        "delete": (f"{name}s/<int:pk>/delete/", "delete"),
        "history": (f"{name}s/<int:pk>/history/", "history"),
    }
    patterns = []
    for action, (route, suffix) in routes.items():
        key = "edit" if action == "add" else action
        if key in views:
            patterns.append(path(route, views[key].as_view(), name=f"{name}_{suffix}"))
    return patterns
