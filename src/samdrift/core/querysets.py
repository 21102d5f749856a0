"""The scoped queryset every member-owned model uses as its manager."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models

from . import access

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

_M = TypeVar("_M", bound=models.Model)


class ScopedQuerySet(models.QuerySet[_M]):
    """A queryset that knows how to restrict itself to what a user may see."""

    def visible_to(self, user: AbstractBaseUser | AnonymousUser | Any) -> ScopedQuerySet[_M]:
        return self.filter(access.visibility_q(user, self.model))


class ScopedManager(models.Manager[_M]):
    """Manager form of :class:`ScopedQuerySet` (``Model.objects.visible_to(user)``)."""

    def get_queryset(self) -> ScopedQuerySet[_M]:
        return ScopedQuerySet(self.model, using=self._db)

    def visible_to(self, user: Any) -> ScopedQuerySet[_M]:
        return self.get_queryset().visible_to(user)


def with_label_related(queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    """Select what the model's ``__str__`` reads (``label_related``), for choice lists."""
    related: tuple[str, ...] = getattr(queryset.model, "label_related", ())
    return queryset.select_related(*related) if related else queryset
