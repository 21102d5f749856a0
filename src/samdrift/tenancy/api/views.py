from __future__ import annotations

from typing import Any

from samdrift.core.api.viewsets import ScopedModelViewSet

from .. import actions, filtersets
from ..models import Collaboration, Department, Member, Population, Unit
from . import serializers

NO_DELETE = ["get", "post", "put", "patch", "head", "options"]


class CollaborationViewSet(ScopedModelViewSet):
    """Collaborations the user has a role in. Creating one needs an installation superuser."""

    model = Collaboration
    serializer_class = serializers.CollaborationSerializer
    filterset_class = filtersets.CollaborationFilterSet
    create_action = actions.do_create_collaboration
    update_action = actions.do_update_collaboration
    http_method_names = NO_DELETE


class MemberViewSet(ScopedModelViewSet):
    """Member municipalities. A member leaves by setting ``left_on``; members are never deleted."""

    model = Member
    select_related = ("collaboration",)
    serializer_class = serializers.MemberSerializer
    filterset_class = filtersets.MemberFilterSet
    create_action = actions.do_create_member
    update_action = actions.do_update_member
    http_method_names = NO_DELETE


class PopulationViewSet(ScopedModelViewSet):
    """Inhabitants and employees per member and year."""

    model = Population
    serializer_class = serializers.PopulationSerializer
    filterset_class = filtersets.PopulationFilterSet
    create_action = actions.do_record_population
    update_action = actions.do_update_population
    delete_action = actions.do_delete_population


class DepartmentViewSet(ScopedModelViewSet):
    """Departments (förvaltningar) of the members."""

    model = Department
    serializer_class = serializers.DepartmentSerializer
    filterset_class = filtersets.DepartmentFilterSet
    create_action = actions.do_create_department
    update_action = actions.do_update_department
    delete_action = actions.do_delete_department


class UnitViewSet(ScopedModelViewSet):
    """Units of the shared organisation."""

    model = Unit
    serializer_class = serializers.UnitSerializer
    filterset_class = filtersets.UnitFilterSet
    create_action = actions.do_create_unit
    update_action = actions.do_update_unit
    delete_action = actions.do_delete_unit


def register(router: Any) -> None:
    router.register("collaborations", CollaborationViewSet, basename="collaboration")
    router.register("members", MemberViewSet, basename="member")
    router.register("populations", PopulationViewSet, basename="population")
    router.register("departments", DepartmentViewSet, basename="department")
    router.register("units", UnitViewSet, basename="unit")
