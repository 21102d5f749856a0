"""The access checks every layer calls: querysets, generic views, API viewsets, app views.

``core`` is the lowest layer and cannot import the access policy, which lives in
``samdrift.accounts.policy`` (it needs users and role assignments). So ``core`` defines
the interface (:class:`Policy`) and the helpers below, and ``accounts`` installs its
policy here when the app registry is ready (``AccountsConfig.ready``). Every app, from
``tenancy`` up, checks access through this module; it never needs to know where the
rules come from. Which rules apply to which model each app declares in its own
``<app>/access.py`` (see ``docs/access-policy.md``).

The helpers answer **404 for forbidden and missing alike**: an object outside the user's
scope is indistinguishable from one that does not exist (:func:`get_visible_or_404`).
403 is only for what the user *can* see but may not do (:func:`require_manage`,
:func:`require_role`): they know the object or page exists, and the 403 page says why.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404


class Policy(Protocol):
    """What the access policy answers. ``samdrift.accounts.policy`` implements it."""

    def visibility_q(self, user: Any, model: type[models.Model]) -> Q: ...

    def can_manage(self, user: Any, obj: models.Model) -> bool: ...

    def can_create(self, user: Any, model: type[models.Model]) -> bool: ...

    def can_view_audit(self, user: Any, obj: models.Model) -> bool: ...

    def has_any_role(self, user: Any, wanted: Iterable[str]) -> bool: ...

    def roles(self, user: Any) -> frozenset[str]: ...


_installed: Policy | None = None


def install(policy: Policy) -> None:
    """Make ``policy`` the one every check uses (called once, from ``AccountsConfig.ready``)."""
    global _installed
    _installed = policy


def policy() -> Policy:
    if _installed is None:
        raise ImproperlyConfigured("No access policy is installed: is samdrift.accounts in INSTALLED_APPS?")
    return _installed


# What the policy answers ----------------------------------------------------------------


def visibility_q(user: Any, model: type[models.Model]) -> Q:
    """A filter that keeps only the rows of ``model`` the user may see."""
    return policy().visibility_q(user, model)


def can_manage(user: Any, obj: models.Model) -> bool:
    """Whether the user may create, change or delete ``obj`` (an unsaved one for create)."""
    return policy().can_manage(user, obj)


def can_create(user: Any, model: type[models.Model]) -> bool:
    """Whether the user may create some object of ``model`` (shows the "New" button)."""
    return policy().can_create(user, model)


def can_view_audit(user: Any, obj: models.Model) -> bool:
    return policy().can_view_audit(user, obj)


def has_any_role(user: Any, wanted: Iterable[str]) -> bool:
    return policy().has_any_role(user, wanted)


def roles(user: Any) -> frozenset[str]:
    return policy().roles(user)


# Helpers for views and viewsets ---------------------------------------------------------


def visible[M: models.Model](model_or_queryset: type[M] | models.QuerySet[M], user: Any) -> models.QuerySet[M]:
    """The rows of a model (or of a queryset) the user may see."""
    if isinstance(model_or_queryset, models.QuerySet):
        queryset = model_or_queryset
    else:
        queryset = model_or_queryset._default_manager.all()
    return queryset.filter(visibility_q(user, queryset.model))


def get_visible_or_404[M: models.Model](
    model_or_queryset: type[M] | models.QuerySet[M], user: Any, /, **lookup: Any
) -> M:
    """The one visible object matching ``lookup`` (e.g. ``pk=pk``, or ``user=target``:
    the first two arguments are positional-only); 404 when it is missing *or* outside
    the user's scope."""
    try:
        return visible(model_or_queryset, user).get(**lookup)
    except (models.ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def require_role(user: Any, wanted: Iterable[str]) -> None:
    """403 unless the user holds one of the roles (pages that are not one object: reports,
    imports, the finance home). Such a page reveals no object of another member."""
    if not has_any_role(user, wanted):
        raise PermissionDenied


def require_manage(user: Any, target: models.Model | type[models.Model], **owner: Any) -> None:
    """403 unless the user may change ``target``.

    ``target`` is an object the view already fetched with :func:`get_visible_or_404`
    (change, delete: so an object outside the user's scope has answered 404 before),
    or a model with the owner of the object to create
    (``require_manage(user, BudgetLine, collaboration=c)``), or a model alone ("may the
    user create any": the New button, a create page).
    """
    if isinstance(target, type):
        allowed = can_manage(user, target(**owner)) if owner else can_create(user, target)
    else:
        allowed = can_manage(user, target)
    if not allowed:
        raise PermissionDenied
