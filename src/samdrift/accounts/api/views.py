from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from samdrift.core.api.viewsets import ScopedReadOnlyViewSet

from .. import filtersets
from ..models import RoleAssignment, User
from . import serializers


class UserViewSet(ScopedReadOnlyViewSet):
    """Users within the caller's scope, with the role assignments the caller may see (read-only)."""

    model = User
    serializer_class = serializers.UserSerializer
    filterset_class = filtersets.UserFilterSet

    def get_queryset(self) -> QuerySet[Any]:
        assignments = RoleAssignment.objects.visible_to(self.request.user)
        return super().get_queryset().prefetch_related(Prefetch("role_assignments", queryset=assignments))


def register(router: Any) -> None:
    router.register("users", UserViewSet, basename="user")
