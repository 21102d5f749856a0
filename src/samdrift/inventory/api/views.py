"""Inventory API: systems, instances, roles, system SLAs, assets, licences (with the
pooling), consolidation areas and steps."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from samdrift.core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet

from .. import actions, filtersets, queries
from ..models import (
    Asset,
    ConsolidationArea,
    ConsolidationStep,
    Licence,
    LicenceAssignment,
    LicenceTier,
    System,
    SystemInstance,
    SystemRole,
    SystemSLA,
)
from . import serializers as s


class SystemViewSet(ScopedModelViewSet):
    """IT systems: supplier, users, services, lifecycle."""

    model = System
    prefetch_related = ("members", "departments", "services")
    serializer_class = s.SystemSerializer
    filterset_class = filtersets.SystemFilterSet
    create_action = actions.do_create_system
    update_action = actions.do_update_system
    delete_action = actions.do_delete_system


class SystemInstanceViewSet(ScopedModelViewSet):
    model = SystemInstance
    serializer_class = s.SystemInstanceSerializer
    filterset_class = filtersets.SystemInstanceFilterSet
    create_action = actions.do_create_instance
    update_action = actions.do_update_instance
    delete_action = actions.do_delete_instance


class SystemRoleViewSet(ScopedModelViewSet):
    model = SystemRole
    serializer_class = s.SystemRoleSerializer
    filterset_class = filtersets.SystemRoleFilterSet
    create_action = actions.do_assign_system_role
    update_action = actions.do_update_system_role
    delete_action = actions.do_delete_system_role


class SystemSLAViewSet(ScopedReadOnlyViewSet):
    """System-level SLAs and their targets (read-only)."""

    model = SystemSLA
    select_related = ("sla",)
    serializer_class = s.SystemSLASerializer
    filterset_class = filtersets.SystemSLAFilterSet


class AssetViewSet(ScopedModelViewSet):
    """Devices and accounts per member and department."""

    model = Asset
    serializer_class = s.AssetSerializer
    filterset_class = filtersets.AssetFilterSet
    create_action = actions.do_create_asset
    update_action = actions.do_update_asset
    delete_action = actions.do_delete_asset


class LicenceViewSet(ScopedModelViewSet):
    model = Licence
    serializer_class = s.LicenceSerializer
    filterset_class = filtersets.LicenceFilterSet
    create_action = actions.do_create_licence
    update_action = actions.do_update_licence
    delete_action = actions.do_delete_licence

    @extend_schema(responses=s.PoolSerializer)
    @action(detail=True, methods=["get"])
    def pooling(self, request: Request, pk: Any = None) -> Response:
        """The pooled price against what each member would pay alone (lines: the members you see)."""
        return Response(s.PoolSerializer(queries.pooling(self.get_object(), request.user)).data)


class LicenceTierViewSet(ScopedModelViewSet):
    model = LicenceTier
    serializer_class = s.LicenceTierSerializer
    filterset_class = filtersets.LicenceTierFilterSet
    create_action = actions.do_add_tier
    update_action = actions.do_update_tier
    delete_action = actions.do_delete_tier


class LicenceAssignmentViewSet(ScopedModelViewSet):
    model = LicenceAssignment
    serializer_class = s.LicenceAssignmentSerializer
    filterset_class = filtersets.LicenceAssignmentFilterSet
    create_action = actions.do_assign_licence
    update_action = actions.do_update_licence_assignment
    delete_action = actions.do_delete_licence_assignment


class ConsolidationAreaViewSet(ScopedModelViewSet):
    model = ConsolidationArea
    serializer_class = s.ConsolidationAreaSerializer
    filterset_class = filtersets.ConsolidationAreaFilterSet
    create_action = actions.do_create_area
    update_action = actions.do_update_area
    delete_action = actions.do_delete_area


class ConsolidationStepViewSet(ScopedModelViewSet):
    model = ConsolidationStep
    serializer_class = s.ConsolidationStepSerializer
    filterset_class = filtersets.ConsolidationStepFilterSet
    create_action = actions.do_plan_step
    update_action = actions.do_update_step
    delete_action = actions.do_delete_step


def register(router: Any) -> None:
    router.register("systems", SystemViewSet, basename="system")
    router.register("system-instances", SystemInstanceViewSet, basename="systeminstance")
    router.register("system-roles", SystemRoleViewSet, basename="systemrole")
    router.register("system-slas", SystemSLAViewSet, basename="systemsla")
    router.register("assets", AssetViewSet, basename="asset")
    router.register("licences", LicenceViewSet, basename="licence")
    router.register("licence-tiers", LicenceTierViewSet, basename="licencetier")
    router.register("licence-assignments", LicenceAssignmentViewSet, basename="licenceassignment")
    router.register("consolidation-areas", ConsolidationAreaViewSet, basename="consolidationarea")
    router.register("consolidation-steps", ConsolidationStepViewSet, basename="consolidationstep")
