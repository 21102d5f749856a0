"""Base viewsets: scoped querysets first, changes through actions, versions via If-Match."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any, ClassVar

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from samdrift.core import access

from .exceptions import PreconditionRequired

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description='The version from the object\'s ETag, e.g. "3". A stale version answers 412.',
)


def etag(obj: Any) -> str:
    return f'"{getattr(obj, "version", 0)}"'


def requested_version(request: Request) -> int:
    raw = request.headers.get("If-Match", "").strip()
    if raw.startswith("W/"):
        raw = raw[2:]
    raw = raw.strip('"')
    if not raw and isinstance(request.data, dict):
        raw = str(request.data.get("version", ""))
    if not raw.isdigit():
        raise PreconditionRequired
    return int(raw)


def _select_related_paths(tree: Any, prefix: str = "") -> list[str]:
    """``{"member": {"collaboration": {}}}`` → ``["member__collaboration"]`` (leaves only)."""
    if not isinstance(tree, dict):
        return []
    paths: list[str] = []
    for name, below in tree.items():
        deeper = _select_related_paths(below, f"{prefix}{name}__")
        paths.extend(deeper or [f"{prefix}{name}"])
    return paths


def _scoped_queryset(declared: Any, manager: Any, user: Any) -> Callable[[], models.QuerySet[Any]]:
    """The field's queryset narrowed to what ``user`` may see, keeping its joins."""

    def get_queryset() -> models.QuerySet[Any]:
        scoped = manager.visible_to(user)
        joins = _select_related_paths(declared.all().query.select_related)
        return scoped.select_related(*joins) if joins else scoped

    return get_queryset


def scope_related_fields(serializer: Any, user: Any) -> Any:
    """Narrow every related-object field of ``serializer`` to the objects ``user`` may see."""
    for declared in getattr(serializer, "fields", {}).values():
        field = declared.child_relation if isinstance(declared, serializers.ManyRelatedField) else declared
        queryset = getattr(field, "queryset", None)
        if isinstance(field, serializers.PrimaryKeyRelatedField) and queryset is not None:
            manager: Any = queryset.model._default_manager
            if hasattr(manager, "visible_to"):
                # Built only when the field is used: most requests send few of them.
                field.get_queryset = _scoped_queryset(queryset, manager, user)  # type: ignore[method-assign]
    return serializer


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """List and retrieve, always within ``visible_to(request.user)``."""

    model: ClassVar[type[models.Model]]
    select_related: ClassVar[tuple[str, ...]] = ()
    prefetch_related: ClassVar[tuple[str, ...]] = ()

    def get_queryset(self) -> models.QuerySet[Any]:
        manager = self.model._default_manager
        queryset = manager.visible_to(self.request.user)  # type: ignore[attr-defined]
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*(self._scoped_prefetch(name) for name in self.prefetch_related))
        return queryset.select_related(*self.select_related) if self.select_related else queryset

    def _scoped_prefetch(self, name: str) -> str | models.Prefetch:
        """A many-to-many field lists only the related objects the user may see.

        A contract that covers member B's own system, read by member A's orderer, then
        names the shared systems only, as its page does.
        """
        try:
            field = self.model._meta.get_field(name)
        except FieldDoesNotExist:  # a path through a relation: prefetched as it is
            return name
        related: Any = field.related_model._default_manager if isinstance(field, models.ManyToManyField) else None
        if related is None or not hasattr(related, "visible_to"):
            return name
        return models.Prefetch(name, queryset=related.visible_to(self.request.user))

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        """Related-object fields accept only objects the user may see.

        Otherwise a client could point a department at another member by id and learn
        from the answer whether that id exists.
        """
        return scope_related_fields(super().get_serializer(*args, **kwargs), self.request.user)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        return Response(self.get_serializer(obj).data, headers={"ETag": etag(obj)})


class ScopedModelViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin, ScopedReadOnlyViewSet
):
    """Full CRUD. Create/update/delete go through the app's actions and the policy."""

    create_action: ClassVar[Callable[..., Any]]
    update_action: ClassVar[Callable[..., Any]]
    # Viewsets without a delete action leave "delete" out of http_method_names.
    delete_action: ClassVar[Callable[..., Any]]

    def check_manage(self, obj: models.Model) -> None:
        if not access.can_manage(self.request.user, obj):
            raise PermissionDenied

    def candidate(self, data: dict[str, Any], obj: models.Model | None = None) -> models.Model:
        """An unsaved object with ``data`` applied, for the policy to judge (many-to-many
        relations cannot be set on an unsaved object, and never decide scope)."""
        many = {field.name for field in self.model._meta.many_to_many}
        plain = {name: value for name, value in data.items() if name not in many}
        if obj is None:
            return self.model(**plain)
        candidate = copy.copy(obj)
        for name, value in plain.items():
            setattr(candidate, name, value)
        return candidate

    def perform_create(self, serializer: Any) -> None:
        self.check_manage(self.candidate(serializer.validated_data))
        serializer.instance = type(self).create_action(acting_user=self.request.user, **serializer.validated_data)

    @extend_schema(parameters=[IF_MATCH])
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        obj = self.get_object()
        self.check_manage(obj)
        version = requested_version(request)
        serializer = self.get_serializer(obj, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        self.check_manage(self.candidate(serializer.validated_data, obj))
        saved = type(self).update_action(
            obj, acting_user=request.user, expected_version=version, **serializer.validated_data
        )
        return Response(self.get_serializer(saved).data, headers={"ETag": etag(saved)})

    @extend_schema(parameters=[IF_MATCH])
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().partial_update(request, *args, **kwargs)

    @extend_schema(parameters=[IF_MATCH])
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        self.check_manage(obj)
        type(self).delete_action(obj, acting_user=request.user, expected_version=requested_version(request))
        return Response(status=204)
