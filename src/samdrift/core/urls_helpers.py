"""URL patterns for the generic object views of one model."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.urls import URLPattern, path, re_path


def object_urls(model: type[models.Model], views: dict[str, Any], plural: str | None = None) -> list[URLPattern]:
    """``list``, ``add``, ``detail``, ``edit``, ``delete`` and ``history`` routes for ``model``.

    The routes start with ``plural``, by default the model name with an ``s`` (give it for
    names that already end in one: ``desksettings``).
    """
    name = model._meta.model_name
    prefix = plural or f"{name}s"
    routes = {
        "list": (f"{prefix}/", "list"),
        "add": (f"{prefix}/add/", "add"),
        "detail": (f"{prefix}/<int:pk>/", "detail"),
        "edit": (f"{prefix}/<int:pk>/edit/", "edit"),
        "delete": (f"{prefix}/<int:pk>/delete/", "delete"),
        "history": (f"{prefix}/<int:pk>/history/", "history"),
    }
    patterns = []
    for action, (route, suffix) in routes.items():
        key = "edit" if action == "add" else action
        if key in views:
            patterns.append(path(route, views[key].as_view(), name=f"{name}_{suffix}"))
    return patterns


def moved(old: str, new: str) -> URLPattern:
    """An unnamed route that sends ``old/...`` on to ``new/...`` for good (301), with the
    query string: old links and bookmarks keep working after a URL is corrected."""

    def redirect(request: HttpRequest, rest: str) -> HttpResponsePermanentRedirect:
        base = request.path[: len(request.path) - len(rest) - len(old) - 1]
        target = f"{base}{new}/{rest}"
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)

    return re_path(rf"^{old}/(?P<rest>.*)$", redirect)
